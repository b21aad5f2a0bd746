"""The week on GitHub: cron lines generated from commons.yml, and the gate that runs a workflow at local time."""
