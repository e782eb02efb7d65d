"""The Python API's parts; import them from `yisieve` itself."""
