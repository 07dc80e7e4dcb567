# natter - a terminal XMPP client.  See README.
VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
CC       ?= cc
PKGS      = libstrophe ncursesw expat openssl readline sqlite3

# Build flavours: plain (build/), and SANITIZE=1 (build/asan/) with
# AddressSanitizer + UndefinedBehaviorSanitizer.
ifeq ($(SANITIZE),1)
BUILD    ?= build/asan
SANFLAGS  = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD    ?= build
SANFLAGS  =
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	    -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DNATTER_VERSION='"$(VERSION)"' \
	    -Iinclude $(PKG_CFLAGS) $(SANFLAGS) -MMD -MP
LDFLAGS  += $(SANFLAGS)
LDLIBS   += $(PKG_LIBS)

SRCS      := $(sort $(wildcard src/*/*.c))
OBJS      := $(SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/src/main.o
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all deps asan check unit valgrind valgrind-integration integration fuzz bench bench-old soak install uninstall clean format format-check

all: ./natter

./natter: $(BUILD)/natter
	cp $< natter.tmp && mv -f natter.tmp natter

$(BUILD)/natter: $(OBJS) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(OBJS) tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(OBJS) $(LDFLAGS) $(LDLIBS) -lcmocka

# Install missing Debian packages (as root) or say what to install.
deps:
	@contrib/deps.sh

asan:
	$(MAKE) SANITIZE=1 build/asan/natter

# Build the unit tests of the current flavour and run them.
unit: $(UNIT_BINS)
	@tests/run-unit $(UNIT_BINS)

# Unit tests of the plain build under valgrind.
valgrind: $(UNIT_BINS)
	@tests/run-unit --valgrind $(UNIT_BINS)

# Integration and UI tests: real Prosody, slixmpp peer, natter in tmux.
integration: ./natter
	@NATTER_BIN=$(abspath $(BUILD)/natter) /usr/bin/python3 tests/integration/run.py

# A subset of the integration tests with the plain build under valgrind's
# memcheck (NATTER_VALGRIND=1, tests/integration/harness.py): a test fails on
# any memory error or definite leak. About 3 minutes.
VALGRIND_TESTS ?= LoginTest.test_starttls_login_and_roster_presence \
	MessagesTest.test_outgoing_reaches_peer_exactly \
	MessagesTest.test_incoming_opens_tab_with_unread_count RosterCacheTest \
	HistoryTest.test_conversation_survives_restart KillTest \
	AwayTest.test_messages_both_ways_while_away MucTest.test_talk_pm_nick_topic \
	SanitizeTest.test_hostile_message_body HostileScreenTest PrivacyTest \
	HostileStreamTest.test_malformed_xml BadAckTest
valgrind-integration: ./natter
	@NATTER_BIN=$(abspath build/natter) NATTER_VALGRIND=1 \
		/usr/bin/python3 tests/integration/run.py $(VALGRIND_TESTS)

# Everything, as CI runs it.
check: deps
	@tests/check

fuzz:
	@tests/fuzz/run $(FUZZ_SRCS)

# natter against Profanity, mcabber and the floor client (tests/bench/compare.py;
# BENCH_QUICK=1 for a short run, BENCH_ARGS="--clients natter,floor --metrics burst").
# Installs profanity and mcabber with apt-get when run as root and they are missing.
bench: ./natter
	@tests/bench/compare.py $(BENCH_ARGS)

# The older natter-only benches: idle, time-to-screen, store, roster and occupants models.
bench-old: ./natter
	@tests/bench/run

# The soak: 200,000 messages and 20,000 presence changes through a running
# natter, its RSS sampled (SOAK_MESSAGES, SOAK_PRESENCES make it shorter).
soak: ./natter
	@tests/bench/run soak

format:
	clang-format -i $(SRCS) src/main.c include/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c

format-check:
	@clang-format --dry-run --Werror $(SRCS) src/main.c include/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c

install: ./natter
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 0755 natter $(DESTDIR)$(BINDIR)/natter
	install -m 0644 man/natter.1 $(DESTDIR)$(MANDIR)/man1/natter.1
	install -m 0644 man/natterrc.5 $(DESTDIR)$(MANDIR)/man5/natterrc.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/natter $(DESTDIR)$(MANDIR)/man1/natter.1 $(DESTDIR)$(MANDIR)/man5/natterrc.5

clean:
	rm -rf build natter

-include $(OBJS:.o=.d) $(MAIN_OBJ:.o=.d)

# Start natter: with a private local Prosody and demo accounts when no
# account is configured (contrib/demo/run.sh).
.PHONY: run
# (deps first, then a sub-make: pkg-config flags are read when make starts)
run:
	@contrib/deps.sh --runtime
	@$(MAKE) --no-print-directory ./natter
	@contrib/demo/run.sh
