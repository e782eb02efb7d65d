"""PII scrubbing (the Yi report's PII step): presidio recognizers for en and zh web text,
an offline analyzer engine, typed-placeholder anonymization and a density policy."""
