"""Where a run lives in the sandbox: the program's directory and the names the sandbox makes there."""

import os

# The only writable place (a tmpfs); the program's working directory and HOME.
WORK_DIR = "/tmp"
PROGRAM_PATH = os.path.join(WORK_DIR, "main.py")
# What the program writes here comes back with the answer, when the run asks for it.
OUTPUT_DIR = "out"
OUTPUT_PATH = os.path.join(WORK_DIR, OUTPUT_DIR)
