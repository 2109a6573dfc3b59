#!/usr/bin/env bash
# Installs earshot's guardian on a Debian machine with systemd. Run as root; running it again
# changes only what is missing or different (it never touches an existing store or key).
#
#   deploy/install.sh [BINARY]      BINARY defaults to target/release/earshot
#
# It creates group and system user `earshot` (no login shell, home /var/lib/earshot), the store's
# folder /var/lib/earshot (0700) and the key's folder /etc/earshot (0700), both the user's,
# installs the binary as /usr/local/bin/earshot and the unit as
# /etc/systemd/system/earshot.service, then prints what is left to do.
set -euo pipefail

USER_NAME=earshot
GROUP_NAME=earshot
STATE_DIR=/var/lib/earshot
CONF_DIR=/etc/earshot
KEY_FILE=$CONF_DIR/earshot.key
BIN=/usr/local/bin/earshot
UNIT=/etc/systemd/system/earshot.service
DOC_DIR=/usr/local/share/doc/earshot

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
binary=${1:-$repo/target/release/earshot}

say() { printf 'earshot install: %s\n' "$*"; }
die() {
    printf 'earshot install: %s\n' "$*" >&2
    exit 1
}

[ "$#" -le 1 ] || die "usage: $0 [BINARY] (one path at most)"
[ "$(id -u)" -eq 0 ] || die "run this as root (sudo $0 ...): it creates a system user and installs a service"
[ -f "$binary" ] || die "there is no earshot binary at $binary; build one with 'cargo build --release' or give its path"
[ -x "$binary" ] || die "$binary is not executable"
[ -f "$here/earshot.service" ] || die "the unit $here/earshot.service is missing; run this from the repository"
"$binary" --version >/dev/null 2>&1 || die "$binary does not run on this machine"

nologin=$(command -v nologin || true)
[ -n "$nologin" ] || nologin=/usr/sbin/nologin

# The group whose members may reach the guardian's socket.
if getent group "$GROUP_NAME" >/dev/null; then
    say "group $GROUP_NAME exists"
else
    groupadd --system "$GROUP_NAME"
    say "created group $GROUP_NAME"
fi

# The guardian's own user: the only one that can read the store and the key.
if getent passwd "$USER_NAME" >/dev/null; then
    say "user $USER_NAME exists"
    home=$(getent passwd "$USER_NAME" | cut -d: -f6)
    shell=$(getent passwd "$USER_NAME" | cut -d: -f7)
    [ "$home" = "$STATE_DIR" ] || say "note: $USER_NAME's home is $home, not $STATE_DIR (left as it is)"
    case "$shell" in
        */nologin | */false) ;;
        *) say "warning: $USER_NAME has the login shell $shell; nobody should log in as the guardian (usermod -s $nologin $USER_NAME)" ;;
    esac
    [ "$(id -u "$USER_NAME")" -ne 0 ] || die "user $USER_NAME is uid 0; the guardian must not run as root"
else
    useradd --system --gid "$GROUP_NAME" --home-dir "$STATE_DIR" --no-create-home \
        --shell "$nologin" --comment "earshot guardian" "$USER_NAME"
    say "created system user $USER_NAME (no login shell, home $STATE_DIR)"
fi

# A folder for the guardian alone. A symbolic link is refused: the guardian refuses it too.
private_dir() {
    local dir=$1
    [ ! -L "$dir" ] || die "$dir is a symbolic link; the guardian needs the real folder there"
    if [ -e "$dir" ] && [ ! -d "$dir" ]; then
        die "$dir exists and is not a folder"
    fi
    if [ -d "$dir" ]; then
        say "$dir exists"
    else
        mkdir -p "$dir"
        say "created $dir"
    fi
    chown "$USER_NAME:$GROUP_NAME" "$dir"
    chmod 0700 "$dir"
}
private_dir "$STATE_DIR"
private_dir "$CONF_DIR"

# The binary: copied next to its place, then renamed over it, so a running guardian is never
# left with a half-written file.
if [ -f "$BIN" ] && cmp -s "$binary" "$BIN"; then
    say "$BIN is up to date"
else
    install -d -o root -g root -m 0755 "$(dirname "$BIN")"
    install -o root -g root -m 0755 "$binary" "$BIN.new"
    mv -f "$BIN.new" "$BIN"
    say "installed $BIN ($("$BIN" --version))"
    binary_changed=1
fi

# The documents the unit points at.
install -d -o root -g root -m 0755 "$DOC_DIR"
for doc in README.md SECURITY.md ARCHITECTURE.md; do
    if [ -f "$repo/$doc" ]; then
        install -o root -g root -m 0644 "$repo/$doc" "$DOC_DIR/$doc"
    fi
done

# The unit.
if [ -f "$UNIT" ] && cmp -s "$here/earshot.service" "$UNIT"; then
    say "$UNIT is up to date"
else
    install -d -o root -g root -m 0755 "$(dirname "$UNIT")"
    install -o root -g root -m 0644 "$here/earshot.service" "$UNIT"
    say "installed $UNIT"
    unit_changed=1
fi
if [ -d /run/systemd/system ]; then
    if [ -n "${unit_changed:-}" ]; then
        systemctl daemon-reload
    fi
else
    say "note: systemd is not running here; the unit is installed but cannot be started now"
fi

# What is left to do.
env_line="EARSHOT_STORE=$STATE_DIR EARSHOT_KEY_FILE=$KEY_FILE"
echo
echo "Next steps:"
if [ -f "$STATE_DIR/earshot.db" ]; then
    echo "  - The store exists already ($STATE_DIR/earshot.db); its key should be $KEY_FILE."
else
    echo "  1. Create the store, with its first team leader (a login on this machine):"
    echo "       runuser -u $USER_NAME -- env $env_line \\"
    echo "         $BIN init --first-lead LOGIN"
    echo "     Then back up $KEY_FILE somewhere else than the store's backups:"
    echo "     without it nothing in the store can be read."
fi
echo "  2. Let each team member reach the guardian (they log in again afterwards):"
echo "       usermod -aG $GROUP_NAME LOGIN"
if [ -d /run/systemd/system ] && systemctl is-active --quiet earshot; then
    if [ -n "${binary_changed:-}${unit_changed:-}" ]; then
        echo "  3. Restart the guardian to use what was installed:"
        echo "       systemctl restart earshot"
    else
        echo "  3. The guardian is running: systemctl status earshot"
    fi
else
    echo "  3. Start the guardian, now and at every boot:"
    echo "       systemctl enable --now earshot"
fi
echo "  4. The first team leader, in their own session: earshot whoami, earshot team pin,"
echo "     earshot team add LOGIN --role worker (see README.md, \"Run it for a team\")."
echo "  The guardian's messages: journalctl -u earshot"
