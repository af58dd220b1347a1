# netdx — one library (common/libnetdx.a), six thin front-ends.
#
#   make            build everything into build/
#   make deps       install every Debian package the build, tests, lab and demo need
#   make check      unit + lab tests, ends with "N passed, N failed"
#   make asan check the same under ASan+UBSan (objects in build/asan/)
#   make demo       deps, build, 6-router lab, the tools on it, teardown
#   make fuzz       each libFuzzer harness for FUZZ_SECONDS (default 60)
#   make bench      side-by-side benchmarks against the peer tools
#   make hot-lists  rewrite build-aux/hot/TOOL.list, the code each tool runs at every start
#   make difftest   differential testing against the peers on random labs (SEED=S, SEEDS=N)
#   make format     format every C file as .clang-format says; format-check only checks
#   make install    PREFIX/DESTDIR, with setcap cap_net_raw+p as iputils does
#   make deb        the Debian package (../netdx_VERSION_ARCH.deb), checked by lintian
#   make check-package  installs that package in a throw-away root and runs each tool

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
# GCC 12's runtime (Debian 12) takes a dynamic TLS block that happens to start 16 bytes
# into a page for a pre-2.25 glibc one and reads the words before it: the leak check's
# tracer then dies at exit ("Tracer caught signal 11"), now and then, in a tool that
# dlopens a library with TLS (libmicrohttpd's GnuTLS: ping --serve). GCC 14 no longer does.
export ASAN_OPTIONS := $(if $(ASAN_OPTIONS),$(ASAN_OPTIONS):)intercept_tls_get_addr=0
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# -fno-math-errno: sqrt is then one instruction, not a call into libm (see num.h).
# -ffunction-sections: each function a section of its own, so that a tool's link can put
# the code its runs execute together (build-aux/hot_ld.sh).
NETDX_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
                -Wmissing-prototypes -fno-math-errno -ffunction-sections -Icommon/include \
                $(PKG_CFLAGS) -DNETDX_VERSION='"$(VERSION)"'
# The libraries are linked statically (the C library stays shared): a tool then starts
# without the dynamic loader mapping five more objects, which was most of traceroute's
# start-up gap to traceroute 2.x on a fast path (bench/traceroute.sh).
# No libm either (common/core/num.c): mapping it was 544 KiB of ping's resident set.
LIBS := -Wl,-Bstatic $(PKG_LIBS) -Wl,-Bdynamic
# Relative relocations packed (DT_RELR: glibc 2.36, binutils 2.38): the loader read a
# table of 12 to 29 KiB at every start (traceroute's 1,169 took 28 KiB, 7 resident
# pages); packed, each tool's is under 500 bytes.
TOOL_LDFLAGS := -Wl,-z,pack-relative-relocs
# Libraries only one tool links (LIBS_<tool>): ncurses for mtr's live view, libnl-idiag
# (netlink INET_DIAG) for tcpstate's census. libmicrohttpd (ping and mtr --serve) is not
# linked: common/core/mhd_api.c opens it when a server starts, so the other runs do not
# load it and GnuTLS with its eight dependencies (0.8 of `ping -c 1`'s instructions).
# Nor is OpenSSL: common/dns/tls_api.c opens libssl3 when nslookup makes its first TLS
# context (linked, it doubled every nslookup's resident set, TLS or not). libcurl (DNS
# over HTTPS, libcurl4-openssl-dev for its header) is opened the same way by
# common/dns/curl_api.c when an https:// server is first asked.
LIBS_mtr := $(shell pkg-config --libs ncursesw 2>/dev/null)
LIBS_tcpstate := -Wl,-Bstatic $(shell pkg-config --libs libnl-idiag-3.0 2>/dev/null) -Wl,-Bdynamic

COMMON_SRCS := $(sort $(wildcard common/*/*.c))
COMMON_OBJS := $(COMMON_SRCS:%.c=$(BUILD)/obj/%.o)
LIBNETDX    := $(BUILD)/libnetdx.a
# Second names of a tool (hard links): ping started as fping is fping.
ALIASES     := fping
BINS        := $(TOOLS:%=$(BUILD)/bin/%) $(ALIASES:%=$(BUILD)/bin/%)

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
  libmicrohttpd-dev bash-completion libssl-dev ca-certificates libcurl4-openssl-dev strace \
  gdb
# What `make deb` needs beyond DEPS_DEBIAN (the package's Build-Depends are in it):
# dpkg-buildpackage, debhelper and lintian. bash-completion (in DEPS_DEBIAN) gives the
# helpers the completions and tests/cli/test_completion.sh source.
DEPS_DEB_DEBIAN := dpkg-dev debhelper fakeroot lintian
# What only the tests need and a user building netdx should not get: Prometheus' server and
# exporters (the tests start their own instances on 127.0.0.1 in a lab namespace) and the
# Python OpenMetrics parser that checks our expositions strictly.
DEPS_TEST_DEBIAN := prometheus prometheus-node-exporter prometheus-smokeping-prober \
  python3-prometheus-client dnsdiag

.PHONY: all tools deps deb-deps test-deps check check-package asan demo install install-files \
  install-aliases deb fuzz bench hot-lists difftest format format-check clean
.SECONDARY:
.DEFAULT_GOAL := all

all: $(BINS) $(UNIT_BINS) $(LAB_HELPERS)

# The six binaries alone (what the Debian package builds: no CUnit needed).
tools: $(BINS)

asan: all

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(NETDX_CFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The seccomp filters, compiled by libseccomp once when netdx is built (not by each tool
# as it starts): build-aux/sandbox_gen.c writes the profiles' BPF programs as C, built
# with this tree's flags (a sanitizer build's profiles allow what its leak checker needs).
# The library's table holds every profile.
#
# The tools that never ask for the terminal, a listening socket or a directory to write
# in link a table of their own before the library (whose table the linker then leaves
# out): the 8 profiles of SANDBOX_FILES, SANDBOX_INET and SANDBOX_ROUTE (the generator's
# NEEDS 0x7), 10 KiB instead of 84. Reading its program, a tool maps the pages around
# it: 64 KiB of traceroute's resident set were programs it could never install.
SANDBOX_GEN := $(BUILD)/build-aux/sandbox_gen
SANDBOX_PROGRAMS_OBJ := $(BUILD)/obj/gen/sandbox_programs.o
SANDBOX_LEAN_TOOLS := traceroute pathping nslookup tcpstate
SANDBOX_LEAN_OBJ := $(BUILD)/obj/gen/sandbox_programs_lean.o
SANDBOX_TABLES := sandbox_programs sandbox_programs_lean
$(BUILD)/gen/sandbox_programs_lean.c: SANDBOX_NEEDS := 0x7

$(SANDBOX_GEN): $(BUILD)/obj/build-aux/sandbox_gen.o $(BUILD)/obj/common/core/sandbox.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(SANDBOX_TABLES:%=$(BUILD)/gen/%.c): $(BUILD)/gen/%.c: $(SANDBOX_GEN)
	@mkdir -p $(dir $@)
	$(SANDBOX_GEN) $(SANDBOX_NEEDS) >$@.tmp && mv $@.tmp $@

$(SANDBOX_TABLES:%=$(BUILD)/obj/gen/%.o): $(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(NETDX_CFLAGS) -Icommon/core $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIBNETDX): $(COMMON_OBJS) $(SANDBOX_PROGRAMS_OBJ)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

# A tool's text starts with the code its usual runs execute (build-aux/hot/TOOL.list,
# which `make hot-lists` writes from traced runs): the kernel maps the 64 KiB around
# each page a process touches first, and traceroute's 43 KiB of hot code, spread over
# its 69 pages of text, had made all 69 resident (16 once together, pagemap at exit).
$(BUILD)/gen/hot_%.ld: build-aux/hot/%.list build-aux/hot_ld.sh
	@mkdir -p $(dir $@)
	build-aux/hot_ld.sh $< >$@.tmp && mv $@.tmp $@

# Every .c file in a tool's directory belongs to that tool's binary.
define tool_rule
$(BUILD)/bin/$(1): $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard $(1)/*.c)) \
                   $(if $(filter $(1),$(SANDBOX_LEAN_TOOLS)),$(SANDBOX_LEAN_OBJ)) $(LIBNETDX) \
                   $(BUILD)/gen/hot_$(1).ld
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LDFLAGS) $$(TOOL_LDFLAGS) -Wl,-T,$(BUILD)/gen/hot_$(1).ld -o $$@ \
	    $$(filter-out %.ld,$$^) $$(LIBS) $$(LIBS_$(1))
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

# fping is ping under a second name (a hard link: one file, one capability); the name
# it is started by picks fping's options and output.
$(BUILD)/bin/fping: $(BUILD)/bin/ping
	ln -f $< $@

$(BUILD)/tests/test_%: $(BUILD)/obj/tests/unit/test_%.o $(LIBNETDX)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $(LIBS_tcpstate) -lcunit -lm

# Linked as the lean tools are: their table first (tests/unit/test_sandbox_lean.c).
$(BUILD)/tests/test_sandbox_lean: $(BUILD)/obj/tests/unit/test_sandbox_lean.o $(SANDBOX_LEAN_OBJ) \
                                  $(LIBNETDX)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) -lcunit

# Lab helpers (tests/lab/*.c): one program each, linked with the library.
$(BUILD)/tests/%: $(BUILD)/obj/tests/lab/%.o $(LIBNETDX)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) $(shell pkg-config --libs libnetfilter_queue 2>/dev/null)

# apt_install LIST: install the packages of LIST that are not installed yet.
define apt_install
	@missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "make $@: installing" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps:
	$(call apt_install,$(DEPS_DEBIAN))

deb-deps:
	$(call apt_install,$(DEPS_DEB_DEBIAN))

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

# install: the tools in BINDIR, their man pages and bash completions under PREFIX, and
# cap_net_raw+p on the tools that open raw sockets.
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
COMPDIR ?= $(PREFIX)/share/bash-completion/completions

install: install-files
	for t in $(RAW_TOOLS); do setcap cap_net_raw+p $(DESTDIR)$(BINDIR)/$$t || \
	    echo "make install: setcap failed for $$t: it needs root or CAP_NET_RAW for raw sockets" >&2; done

# Completions: one file (completions/netdx.bash) installed as netdx, with a link per tool
# name, since bash-completion loads a file by the name of the command completed.
install-files: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(COMPDIR)
	install -m 0644 completions/netdx.bash $(DESTDIR)$(COMPDIR)/netdx
	for t in $(TOOLS); do install -m 0755 $(BUILD)/bin/$$t $(DESTDIR)$(BINDIR)/$$t && \
	    ln -sf netdx $(DESTDIR)$(COMPDIR)/$$t || exit 1; done
	ln -f $(DESTDIR)$(BINDIR)/ping $(DESTDIR)$(BINDIR)/fping
	for m in man/*.[0-9]; do s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s && \
	    install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/ || exit 1; done

# install-aliases (the Debian package, after install-files with PREFIX=/usr/lib/netdx):
# netdx-<tool> names under ALIAS_PREFIX for the tools, man pages (symbolic links) and
# completions, so that netdx installs beside iputils-ping, traceroute, mtr and
# bind9-dnsutils without a file in common. netdx(7) keeps its name.
ALIAS_PREFIX ?= /usr
ALIAS_COMPDIR = $(DESTDIR)$(ALIAS_PREFIX)/share/bash-completion/completions
install-aliases:
	install -d $(DESTDIR)$(ALIAS_PREFIX)/bin $(ALIAS_COMPDIR)
	sed 's/^\(complete -F _netdx_[a-z]* \)/\1netdx-/' completions/netdx.bash >$(ALIAS_COMPDIR)/netdx
	for t in $(TOOLS); do ln -sf $(BINDIR)/$$t $(DESTDIR)$(ALIAS_PREFIX)/bin/netdx-$$t && \
	    ln -sf netdx $(ALIAS_COMPDIR)/netdx-$$t || exit 1; done
	ln -sf $(BINDIR)/fping $(DESTDIR)$(ALIAS_PREFIX)/bin/netdx-fping
	for m in man/*.[0-9]; do s=$${m##*.} p=$${m#man/}; [ "$$p" = netdx.7 ] || p=netdx-$$p; \
	    install -d $(DESTDIR)$(ALIAS_PREFIX)/share/man/man$$s && \
	    ln -sf $(MANDIR)/man$$s/$${m#man/} $(DESTDIR)$(ALIAS_PREFIX)/share/man/man$$s/$$p || exit 1; done

# The Debian package (debian/), built by dpkg-buildpackage from a copy of the tree in
# PKG_DIR (it writes beside the source directory); lintian must report no error and no
# warning (no overrides: its only notes, at the info level, are words in the binaries such as -M
# "dont" that its spelling check takes for typos).
PKG_DIR := build/package
DEB := $(PKG_DIR)/netdx_$(VERSION)_$(shell dpkg --print-architecture 2>/dev/null).deb
deb: deb-deps
	rm -rf $(PKG_DIR) && mkdir -p $(PKG_DIR)/netdx-$(VERSION)
	tar -c --exclude=./build --exclude=./.git . | tar -x -C $(PKG_DIR)/netdx-$(VERSION)
	cd $(PKG_DIR)/netdx-$(VERSION) && dpkg-buildpackage -us -uc -b
	lintian --fail-on error,warning $(DEB:.deb=.changes)

# check-package: builds the package, installs it in a throw-away root beside the peer
# tools' packages, runs each tool as nobody in a namespace of its own and purges it
# (tests/package/test_package.sh; about 25 s after make deb's 80 s).
check-package: deb $(BUILD)/tests/dns_fake
	@NETDX_BUILD=$(BUILD) tests/package/test_package.sh $(DEB)

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

# Rewrite build-aux/hot/TOOL.list from traced runs in a lab (after a change to the code
# the tools run at every start; a stale list only spreads that code out again).
hot-lists: all
	@build-aux/hot_lists.sh $(BUILD) $(PKG_LIBS) $(LIBS_tcpstate)

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

# print-VAR: the value of VAR (debian/rules asks for RAW_TOOLS).
print-%:
	@echo '$($*)'
