import unittest

from sandgate_agent.settings import FileLimits, SettingsError, from_environ

GATEWAY = {
    "SANDGATE_SOCKET_DIR": "/run/sandgate",
    "SANDGATE_UID": "1000042",
    "SANDGATE_MAX_REQUEST_BYTES": "9000000",
    "SANDGATE_MAX_FILES": "256",
    "SANDGATE_MAX_FILE_DEPTH": "8",
    "SANDGATE_MAX_FILE_NAME_BYTES": "255",
}


def without(name):
    environ = dict(GATEWAY)
    del environ[name]
    return environ


class SettingsTest(unittest.TestCase):

    def assertRefused(self, environ, words):
        with self.assertRaises(SettingsError) as caught:
            from_environ(environ)
        self.assertIn(words, str(caught.exception))

    def test_what_the_gateway_sets(self):
        settings = from_environ(dict(GATEWAY, SANDGATE_WARM_RUNTIME="pypy3", SANDGATE_SOCKET_GID="990"))
        self.assertEqual(1000042, settings.uid)
        self.assertEqual("pypy3", settings.warm_runtime)
        self.assertEqual(9000000, settings.max_request_bytes)
        self.assertEqual(FileLimits(256, 8, 255), settings.file_limits)
        self.assertEqual(("/run/sandgate", 990, None), (settings.socket_dir, settings.socket_gid, settings.agent_port))

    def test_optional_settings(self):
        settings = from_environ(dict(GATEWAY, SANDGATE_WARM_RUNTIME=""))
        self.assertEqual((None, None, None), (settings.warm_runtime, settings.socket_gid, settings.agent_port))

    def test_a_tcp_port_needs_no_socket_directory(self):
        settings = from_environ(dict(without("SANDGATE_SOCKET_DIR"), SANDGATE_AGENT_PORT="8080"))
        self.assertEqual((8080, None), (settings.agent_port, settings.socket_dir))

    def test_no_default_for_what_the_gateway_decides(self):
        for name in GATEWAY:
            with self.subTest(name):
                self.assertRefused(without(name), name + " is not set")
                self.assertRefused(dict(GATEWAY, **{name: ""}), name + " is not set")

    def test_numbers_are_whole_and_in_range(self):
        self.assertRefused(dict(GATEWAY, SANDGATE_MAX_REQUEST_BYTES="8M"), "SANDGATE_MAX_REQUEST_BYTES must be a whole number")
        self.assertRefused(dict(GATEWAY, SANDGATE_AGENT_PORT="http"), "SANDGATE_AGENT_PORT must be a whole number")
        self.assertRefused(dict(GATEWAY, SANDGATE_MAX_FILE_DEPTH="0"), "SANDGATE_MAX_FILE_DEPTH must be at least 1")
        self.assertEqual(0, from_environ(dict(GATEWAY, SANDGATE_MAX_FILES="0")).file_limits.max_files)

    def test_the_program_never_runs_as_root(self):
        self.assertRefused(dict(GATEWAY, SANDGATE_UID="0"), "SANDGATE_UID must be at least 1")


if __name__ == "__main__":
    unittest.main()
