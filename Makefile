# Installing Tandem: `make install PREFIX=/usr/local` (DESTDIR is honoured for packaging).
# The binary goes to PREFIX/bin, the shipped modules, content and catalogue to
# PREFIX/share/tandem (where an installed tandem looks for them), shell completions to their
# usual folders under PREFIX/share.

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift

BIN := $(DESTDIR)$(PREFIX)/bin
SHARE := $(DESTDIR)$(PREFIX)/share

.PHONY: build install uninstall

build:
	$(SWIFT) build -c release --product tandem

install: build
	install -d -m 0755 "$(BIN)" "$(SHARE)/tandem"
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/tandem" "$(BIN)/tandem"
	cp -R Modules Content "$(SHARE)/tandem/"
	find "$(SHARE)/tandem" -type d -exec chmod 0755 {} +
	find "$(SHARE)/tandem" -type f -exec chmod 0644 {} +
	install -d -m 0755 "$(SHARE)/bash-completion/completions" "$(SHARE)/zsh/site-functions" \
	  "$(SHARE)/fish/vendor_completions.d"
	"$(BIN)/tandem" --generate-completion-script bash > "$(SHARE)/bash-completion/completions/tandem"
	"$(BIN)/tandem" --generate-completion-script zsh > "$(SHARE)/zsh/site-functions/_tandem"
	"$(BIN)/tandem" --generate-completion-script fish > "$(SHARE)/fish/vendor_completions.d/tandem.fish"

uninstall:
	rm -f "$(BIN)/tandem" "$(SHARE)/bash-completion/completions/tandem" "$(SHARE)/zsh/site-functions/_tandem" \
	  "$(SHARE)/fish/vendor_completions.d/tandem.fish"
	rm -rf "$(SHARE)/tandem"
