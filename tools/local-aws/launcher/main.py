"""
The project's local AWS: moto server, pinned, with the CloudFormation support our six stacks need.

Run as `python main.py -H 127.0.0.1 -p <port>` (the arguments are moto_server's). It refuses to start
on any moto but the pinned one: every extension here relies on moto internals named in its module.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from listbackup_local_aws import install  # noqa: E402


def main() -> None:
    install()
    from moto.server import main as moto_main

    moto_main(sys.argv[1:])


if __name__ == "__main__":
    main()
