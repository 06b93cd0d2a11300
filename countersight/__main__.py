from countersight.cli import main

main()
