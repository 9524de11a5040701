"""The project's locale formats (FORMAT_MODULE_PATH): what Django's own locale files leave out or say otherwise."""
