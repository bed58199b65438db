"""The digest by e-mail: composition, sending once per window, the message, the command."""
