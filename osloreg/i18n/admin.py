"""Messages of the admin page's frame: its name and tabs (each tab's own messages are in its area)."""

MESSAGES = {
    "nav.admin": ("Administrasjon", "Administration"),
    "admin.tab.users": ("Brukere", "Users"),
    "admin.tab.audit": ("Revisjonslogg", "Audit trail"),
    "admin.tab.import": ("Import", "Import"),
    "admin.tab.backup": ("Sikkerhetskopi", "Backup"),
}
