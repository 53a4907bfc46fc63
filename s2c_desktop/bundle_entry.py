"""Entry script of the PyInstaller bundle.

The bundle ships one executable, ``s2c-desktop``. Given a command-line subcommand (``colorize``, ``stats``)
it behaves as ``s2c``; otherwise it starts the desktop app (or ``--self-test``).
"""

from __future__ import annotations

import sys

CLI_COMMANDS = {"colorize", "stats"}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] in CLI_COMMANDS:
        from s2c_desktop.cli.main import main as cli_main

        return cli_main(sys.argv[1:])
    from s2c_desktop.app import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
