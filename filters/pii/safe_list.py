"""Things that look like PII but identify no one: loopback and private IPs, example domains."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable


class SafeList:
    """Decides, per detected value, whether it stays in the text unmasked."""

    def __init__(self, ip_networks: Iterable[str], email_domains: Iterable[str]) -> None:
        self.ip_networks = [ipaddress.ip_network(net) for net in ip_networks]
        self.email_domains = tuple(domain.lower().strip(".") for domain in email_domains)

    def is_safe(self, entity: str, value: str) -> bool:
        if entity == "IP_ADDRESS":
            return self._safe_ip(value)
        if entity == "EMAIL_ADDRESS":
            return self._safe_domain(value.rpartition("@")[2].lower())
        return False

    def _safe_ip(self, value: str) -> bool:
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        return any(address.version == net.version and address in net for net in self.ip_networks)

    def _safe_domain(self, domain: str) -> bool:
        return any(domain == safe or domain.endswith("." + safe) for safe in self.email_domains)
