from .smtp import main

main()
