# Installing Tandem: `make install PREFIX=/usr/local` (DESTDIR is honoured for packaging).
# The binary goes to PREFIX/bin, the shipped modules, content and catalogue to
# PREFIX/share/tandem (where an installed tandem looks for them), the man page to
# PREFIX/share/man/man1 and shell completions to their usual folders under PREFIX/share.
# `make deb` builds a Debian package from the same install (see packaging/build-deb).

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
# Extra options for the release build of tandem; `make deb` passes --static-swift-stdlib.
SWIFT_BUILD_FLAGS ?=
# ArgumentParser's generate-manual plugin builds the package in this configuration and reads
# tandem's help from it. The page is the same either way; CI passes debug, which `swift test`
# has already built.
MAN_CONFIGURATION ?= release

BIN := $(DESTDIR)$(PREFIX)/bin
SHARE := $(DESTDIR)$(PREFIX)/share
MAN1 := $(SHARE)/man/man1
BASH_COMPLETIONS ?= $(SHARE)/bash-completion/completions
ZSH_COMPLETIONS ?= $(SHARE)/zsh/site-functions
FISH_COMPLETIONS ?= $(SHARE)/fish/vendor_completions.d
MANPAGE := .build/plugins/GenerateManual/outputs/tandem/tandem.1

.PHONY: build man install uninstall deb
# The plugin's build of the package must come before tandem's own release build, which may
# link differently (--static-swift-stdlib).
.NOTPARALLEL:

build:
	$(SWIFT) build -c release $(SWIFT_BUILD_FLAGS) --product tandem

man:
	$(SWIFT) package plugin generate-manual --configuration $(MAN_CONFIGURATION) --authors "Tandem contributors"
	test -s "$(MANPAGE)"

install: man build
	install -d -m 0755 "$(BIN)" "$(SHARE)/tandem" "$(MAN1)"
	install -m 0755 "$$($(SWIFT) build -c release $(SWIFT_BUILD_FLAGS) --show-bin-path)/tandem" "$(BIN)/tandem"
	install -m 0644 "$(MANPAGE)" "$(MAN1)/tandem.1"
	cp -R Modules Content "$(SHARE)/tandem/"
	find "$(SHARE)/tandem" -type d -exec chmod 0755 {} +
	find "$(SHARE)/tandem" -type f -exec chmod 0644 {} +
	install -d -m 0755 "$(BASH_COMPLETIONS)" "$(ZSH_COMPLETIONS)" "$(FISH_COMPLETIONS)"
	"$(BIN)/tandem" --generate-completion-script bash > "$(BASH_COMPLETIONS)/tandem"
	"$(BIN)/tandem" --generate-completion-script zsh > "$(ZSH_COMPLETIONS)/_tandem"
	"$(BIN)/tandem" --generate-completion-script fish > "$(FISH_COMPLETIONS)/tandem.fish"

uninstall:
	rm -f "$(BIN)/tandem" "$(MAN1)/tandem.1" "$(BASH_COMPLETIONS)/tandem" "$(ZSH_COMPLETIONS)/_tandem" \
	  "$(FISH_COMPLETIONS)/tandem.fish"
	rm -rf "$(SHARE)/tandem"

deb:
	SWIFT="$(SWIFT)" MAN_CONFIGURATION="$(MAN_CONFIGURATION)" packaging/build-deb
