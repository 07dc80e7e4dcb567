"""Run natter's integration and UI tests and print "N passed, M failed".

    /usr/bin/python3 tests/integration/run.py [-v] [PATTERN...]

Runs the tests of tests/integration and tests/hostile.

PATTERN selects tests whose id contains it (e.g. "test_tls" or
"ResizeTest"). Skipped tests, expected failures and unexpected successes
count as failures: a test that did not run did not pass. Each test is
bounded by NATTER_TEST_TIMEOUT seconds (default 120). The binary under test
is $NATTER_BIN (default ./natter).
"""

import os
import signal
import sys
import time
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
# tests/hostile: one test per attack class (same harness, same runner)
HOSTILE = os.path.join(os.path.dirname(HERE), "hostile")
sys.path.insert(0, HERE)

TEST_TIMEOUT = int(os.environ.get("NATTER_TEST_TIMEOUT", "120"))


class TestTimeout(Exception):
    """A test ran longer than TEST_TIMEOUT."""


def _alarm(_signum, _frame):
    """SIGALRM handler: abort the running test."""
    raise TestTimeout("test took longer than %d s" % TEST_TIMEOUT)


class CountingResult(unittest.TestResult):
    """Prints one line per test and counts passes and everything else."""

    def __init__(self, verbose):
        super().__init__()
        self.verbose = verbose
        self.passed = []
        self.problems = []  # (test id, kind, text)
        self._start = 0.0

    def startTest(self, test):
        super().startTest(test)
        self._start = time.monotonic()
        signal.alarm(TEST_TIMEOUT)
        if self.verbose:
            print("RUN  %s" % test.id(), flush=True)

    def stopTest(self, test):
        signal.alarm(0)
        super().stopTest(test)

    def _line(self, word, test):
        """One result line with the test's duration."""
        print("%-4s %s (%.1fs)" % (word, test.id(), time.monotonic() - self._start),
              flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed.append(test.id())
        self._line("PASS", test)

    def _problem(self, test, kind, text):
        """Record a non-pass and print its line."""
        self.problems.append((test.id(), kind, text))
        self._line(kind, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._problem(test, "FAIL", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._problem(test, "ERROR", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._problem(test, "SKIP", "skipped (counts as a failure): %s" % reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._problem(test, "XFAIL", "expected failure (counts as a failure)")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._problem(test, "XPASS", "unexpected success (counts as a failure)")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._problem(subtest, "FAIL", self._exc_info_to_string(err, test))


def iter_tests(suite):
    """Flatten a suite into its test cases."""
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from iter_tests(item)
        else:
            yield item


def select(suite, patterns):
    """A suite of the tests whose id contains any of patterns (all if none)."""
    tests = [t for t in iter_tests(suite) if not patterns or any(p in t.id() for p in patterns)]
    return unittest.TestSuite(tests), len(tests)


def preflight():
    """Problems that would make every test fail, as text (or "")."""
    import shutil
    from harness import natter_bin
    problems = []
    nb = natter_bin()
    if not os.access(nb, os.X_OK):
        problems.append("natter binary %s is missing (run make, or set NATTER_BIN)" % nb)
    for tool in ("tmux", "openssl"):
        if not shutil.which(tool):
            problems.append("%s is not installed (contrib/deps.sh)" % tool)
    if not os.access("/usr/bin/prosody", os.X_OK):
        problems.append("prosody is not installed (contrib/deps.sh)")
    return "\n".join(problems)


def main(argv):
    """Discover, select, run and report; returns the exit status."""
    verbose = "-v" in argv
    patterns = [a for a in argv if a != "-v"]
    signal.signal(signal.SIGALRM, _alarm)
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for where in (HERE, HOSTILE):
        if os.path.isdir(where):
            suite.addTests(loader.discover(where, pattern="test_*.py", top_level_dir=where))
    suite, total = select(suite, patterns)
    result = CountingResult(verbose)
    problem = preflight() if total else ""
    if problem:
        print("integration: cannot run:\n" + problem)
        failed = total
    else:
        suite.run(result)
        # one test can fail twice (its body and its clean-up): count tests
        failed = len({test_id for test_id, _, _ in result.problems})
        for test_id, kind, text in result.problems:
            print("\n======== %s: %s\n%s" % (kind, test_id, text.rstrip()))
    passed = len(result.passed)
    if total == 0:
        print("integration: no tests matched")
        failed = max(failed, 1)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        traceback.print_exc()
        sys.exit(130)
