from crosstally.cli import entry

entry()
