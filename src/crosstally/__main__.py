from crosstally.cli import main

main()
