from govsocial.cli import main

main()
