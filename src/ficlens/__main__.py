from ficlens.cli.main import main

raise SystemExit(main())
