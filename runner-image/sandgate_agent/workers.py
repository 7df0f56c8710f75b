"""The agent's threads, all started before any program runs."""

import queue
import threading


class Workers:
    """Threads started once, with the agent, that take tasks from a queue. A program that holds the
    pids limit (a fork bomb) leaves no room for new ones: these are all the agent needs."""

    def __init__(self, count):
        self.tasks = queue.SimpleQueue()
        for _ in range(count):
            threading.Thread(target=self._work, daemon=True).start()

    def submit(self, fn, *args):
        self.tasks.put((fn, args))

    def _work(self):
        while True:
            fn, args = self.tasks.get()
            try:
                fn(*args)
            except Exception:  # a task's failure must not cost the agent a worker
                pass
