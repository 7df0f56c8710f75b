"""Unit tests of the agent's pure parts, stdlib only:
python3 -m unittest discover -s runner-image/tests -t runner-image"""
