# netdx — one library (common/libnetdx.a), six thin front-ends.
#
#   make            build everything into build/
#   make deps       install every Debian package the build, tests, lab and demo need
#   make check      unit + lab tests, ends with "N passed, N failed"
#   make asan check the same under ASan+UBSan (objects in build/asan/)
#   make demo       deps, build, 6-router lab, the tools on it, teardown
#   make fuzz       each libFuzzer harness for FUZZ_SECONDS (default 60)
#   make bench      side-by-side benchmarks against the peer tools
#   make difftest   differential testing against the peers on random labs (SEED=S, SEEDS=N)
#   make format     format every C file as .clang-format says; format-check only checks
#   make install    PREFIX/DESTDIR, with setcap cap_net_raw+p as iputils does

VERSION  := 0.1.0
TOOLS    := ping traceroute pathping mtr nslookup tcpstate
RAW_TOOLS := ping traceroute pathping mtr
PKGS     := libcap libnl-3.0 libnl-route-3.0 jansson libseccomp

PREFIX   ?= /usr/local
DESTDIR  ?=
CFLAGS   ?= -O2 -g
BUILD    ?= build
FUZZ_SECONDS ?= 60

# `make asan check` builds and tests a sanitized tree of its own.
ifneq ($(filter asan,$(MAKECMDGOALS)),)
BUILD    := build/asan
CFLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

NETDX_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
                -Wmissing-prototypes -Icommon/include $(PKG_CFLAGS) -DNETDX_VERSION='"$(VERSION)"'
# The libraries are linked statically (the C library stays shared): a tool then starts
# without the dynamic loader mapping five more objects, which was most of traceroute's
# start-up gap to traceroute 2.x on a fast path (bench/traceroute.sh).
LIBS := -Wl,-Bstatic $(PKG_LIBS) -Wl,-Bdynamic -lm
# Libraries only one tool links (LIBS_<tool>): ncurses for mtr's live view, libnl-idiag
# (netlink INET_DIAG) for tcpstate's census, libmicrohttpd for ping and mtr --serve (linked
# dynamically: its static archive wants GnuTLS's).
LIBS_mtr := $(shell pkg-config --libs ncursesw libmicrohttpd 2>/dev/null)
LIBS_ping := $(shell pkg-config --libs libmicrohttpd 2>/dev/null)
LIBS_tcpstate := -Wl,-Bstatic $(shell pkg-config --libs libnl-idiag-3.0 2>/dev/null) -Wl,-Bdynamic

COMMON_SRCS := $(sort $(wildcard common/*/*.c))
COMMON_OBJS := $(COMMON_SRCS:%.c=$(BUILD)/obj/%.o)
LIBNETDX    := $(BUILD)/libnetdx.a
BINS        := $(TOOLS:%=$(BUILD)/bin/%)

UNIT_SRCS   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS   := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
LAB_SRCS    := $(sort $(wildcard tests/lab/*.c))
LAB_HELPERS := $(LAB_SRCS:tests/lab/%.c=$(BUILD)/tests/%)
FUZZ_SRCS   := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS   := $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)

DEPS_DEBIAN := gcc clang make pkg-config libcap-dev libcap2-bin libnl-3-dev libnl-route-3-dev \
  libnl-idiag-3-dev libcunit1-dev libncurses-dev libjansson-dev libseccomp-dev \
  iproute2 nftables iptables libnetfilter-queue-dev nsd unbound bind9-dnsutils tmux jc jq \
  libclang-rt-14-dev valgrind iputils-ping iputils-tracepath traceroute mtr-tiny fping \
  scamper hyperfine procps util-linux man-db bind9-utils time clang-format net-tools \
  libmicrohttpd-dev
# What only the tests need and a user building netdx should not get: Prometheus' server and
# exporters (the tests start their own instances on 127.0.0.1 in a lab namespace) and the
# Python OpenMetrics parser that checks our expositions strictly.
DEPS_TEST_DEBIAN := prometheus prometheus-node-exporter prometheus-smokeping-prober \
  python3-prometheus-client

.PHONY: all deps test-deps check asan demo install fuzz bench difftest format format-check clean
.SECONDARY:
.DEFAULT_GOAL := all

all: $(BINS) $(UNIT_BINS) $(LAB_HELPERS)

asan: all

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(NETDX_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIBNETDX): $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

# Every .c file in a tool's directory belongs to that tool's binary.
define tool_rule
$(BUILD)/bin/$(1): $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard $(1)/*.c)) $(LIBNETDX)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LIBS) $$(LIBS_$(1))
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

$(BUILD)/tests/test_%: $(BUILD)/obj/tests/unit/test_%.o $(LIBNETDX)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $(LIBS_tcpstate) -lcunit

# Lab helpers (tests/lab/*.c): one program each, linked with the library.
$(BUILD)/tests/%: $(BUILD)/obj/tests/lab/%.o $(LIBNETDX)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $(shell pkg-config --libs libnetfilter_queue 2>/dev/null)

deps:
	@missing=$$(for p in $(DEPS_DEBIAN); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "make deps: installing" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Debian starts a packaged service when it is installed; a policy-rc.d answering 101
# (invoke-rc.d's "forbidden"; only while this runs, and only if the machine has none of
# its own) says no, so test-deps installs the programs without running a Prometheus server.
test-deps: deps
	@missing=$$(for p in $(DEPS_TEST_DEBIAN); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "make test-deps: installing" $$missing "(services not started)"; \
	    own=; [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own=1; }; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; rc=$$?; \
	    [ -z "$$own" ] || rm -f /usr/sbin/policy-rc.d; exit $$rc; \
	fi

# check and demo install what they need first (a fresh machine has nothing), then build
# in a sub-make, which sees the pkg-config flags of the freshly installed libraries.
SUBMAKE = $(MAKE) --no-print-directory BUILD='$(BUILD)' CFLAGS='$(CFLAGS)' LDFLAGS='$(LDFLAGS)'

# make check ends with a short fuzzing pass (FUZZ_CHECK_SECONDS per harness).
FUZZ_CHECK_SECONDS ?= 10

check: test-deps
	@$(SUBMAKE) all $(FUZZ_BINS)
	@FUZZ_CHECK_SECONDS=$(FUZZ_CHECK_SECONDS) tests/run.sh $(BUILD)

demo: deps
	@$(SUBMAKE) all
	@tests/lab/demo.sh $(BUILD)

install: $(BINS)
	install -d $(DESTDIR)$(PREFIX)/bin
	for t in $(TOOLS); do install -m 0755 $(BUILD)/bin/$$t $(DESTDIR)$(PREFIX)/bin/$$t; done
	for t in $(RAW_TOOLS); do setcap cap_net_raw+p $(DESTDIR)$(PREFIX)/bin/$$t || \
	    echo "make install: setcap failed for $$t: it needs root or CAP_NET_RAW for raw sockets" >&2; done
	for m in man/*.[0-9]; do s=$${m##*.}; install -d $(DESTDIR)$(PREFIX)/share/man/man$$s && \
	    install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s/ || exit 1; done

# Fuzzers: the common sources once more, with libFuzzer's coverage and the sanitizers.
# Seeds in tests/fuzz/corpus/<name>/; the lab-* ones come from real packets captured by
# tests/fuzz/capture_corpus.sh (run by hand as root after make).
FUZZ_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined
FUZZ_OBJS   := $(COMMON_SRCS:%.c=build/fuzz/obj/%.o)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(NETDX_CFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/libnetdx-fuzz.a: $(FUZZ_OBJS)
	$(AR) rcs $@ $^

# The parsers need no JSON: the harnesses link every library but jansson, so a parser
# that started building JSON again would not link.
FUZZ_LIBS := -Wl,-Bstatic $(shell pkg-config --libs $(filter-out jansson,$(PKGS)) 2>/dev/null) \
             -Wl,-Bdynamic -lm

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libnetdx-fuzz.a
	clang $(NETDX_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -o $@ $^ $(FUZZ_LIBS)

fuzz: $(FUZZ_BINS)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# The house style (.clang-format, clang-format 14): `make check` checks it too
# (tests/cli/test_house_rules.sh).
format:
	git ls-files '*.c' '*.h' | xargs clang-format -i

format-check:
	@bash tests/cli/test_house_rules.sh

bench: all
	@bench/run.sh $(BUILD)

# Differential testing (tests/diff/difftest.sh): SEED=S runs seed S and shows every
# output (how a finding is reproduced); SEEDS=N runs N seeds from SEED_FROM (default
# 1); DIFF_TOOLS=traceroute,mtr,ping,nslookup narrows the runs. make check runs a short
# pass on fixed seeds (tests/diff/test_difftest.sh).
SEEDS     ?= 100
SEED_FROM ?= 1
difftest: deps
	@$(SUBMAKE) all
	@tests/diff/difftest.sh --build '$(BUILD)' $(if $(DIFF_TOOLS),--tools '$(DIFF_TOOLS)') \
	    $(if $(SEED),--seed '$(SEED)' -v,--seeds '$(SEEDS)' --from '$(SEED_FROM)')

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj build/fuzz/obj -name '*.d' 2>/dev/null)
