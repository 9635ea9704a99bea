# cli-lib.sh - the harness shared by the command-line tests (test_cli.sh, test_cli_stats.sh):
# the temporary folder, running the command (through SC_TEST_WRAPPER when set), ok/not_ok
# counting and the expect_* checks. Sourced, not run: the sourcing script prints its own
# "N passed, N failed" line at the end.

set -u

if [ -z "${SC_STALKCASE:-}" ]; then
    echo "$0: SC_STALKCASE is not set" >&2
    exit 99
fi
srcdir_top=${top_srcdir:-.}
sample=$srcdir_top/examples/data/mps-ward-sample.csv

if [ -n "${SC_TEST_WRAPPER:-}" ]; then
    sc() {
        # shellcheck disable=SC2086 # the wrapper is a command with options
        $SC_TEST_WRAPPER "$SC_STALKCASE" "$@"
    }
else
    sc() {
        "$SC_STALKCASE" "$@"
    }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0

ok() {
    passed=$((passed + 1))
    echo "ok - $1"
}

not_ok() {
    failed=$((failed + 1))
    echo "FAIL - $1"
    if [ $# -gt 1 ]; then
        echo "  $2"
    fi
    if [ -s "$tmp/err" ]; then
        echo "  stderr:"
        sed -e 's/^/    /' "$tmp/err" | head -n 10
    fi
}

# run ARGS... : runs the command with stdin from /dev/null; sets $rc, $tmp/out, $tmp/err.
run() {
    sc "$@" <"/dev/null" >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# expect_out NAME ARGS... <<EOF : exit 0, stdout exactly the here-document, stderr empty
# (unless allow_stderr is 1) but for the note that the built-in sample was read.
allow_stderr=0
expect_out() {
    name=$1
    shift
    cat >"$tmp/expected"
    run "$@"
    if [ "$rc" -ne 0 ]; then
        not_ok "$name" "exit status $rc, expected 0"
    elif ! cmp -s "$tmp/expected" "$tmp/out"; then
        not_ok "$name" "stdout differs (expected < > got):"
        diff "$tmp/expected" "$tmp/out" | head -n 20 | sed -e 's/^/    /'
    elif grep -v -q -e 'note: no FILE given' "$tmp/err" && [ "$allow_stderr" -eq 0 ]; then
        not_ok "$name" "unexpected stderr"
        sed -e 's/^/    /' "$tmp/err"
    else
        ok "$name"
    fi
}

# expect_status NAME STATUS ARGS... : exit STATUS; for 1 and 2, a "stalkcase: " message on
# stderr (and for 2 a hint to use --help); nothing on stdout for either.
expect_status() {
    name=$1
    want=$2
    shift 2
    run "$@"
    if [ "$rc" -ne "$want" ]; then
        not_ok "$name" "exit status $rc, expected $want"
    elif [ "$want" -ne 0 ] && ! grep -q '^stalkcase: ' "$tmp/err"; then
        not_ok "$name" "no 'stalkcase: ' message on stderr"
    elif [ "$want" -eq 2 ] && ! grep -q -e '--help' "$tmp/err"; then
        not_ok "$name" "no hint to use --help on stderr"
    elif [ "$want" -ne 0 ] && [ -s "$tmp/out" ]; then
        not_ok "$name" "unexpected output on stdout"
    else
        ok "$name"
    fi
}

# expect_err NAME TEXT : the last run's stderr contains TEXT (fixed string).
expect_err() {
    if grep -q -F -e "$2" "$tmp/err"; then
        ok "$1"
    else
        not_ok "$1" "stderr does not contain: $2"
    fi
}

# expect_stdout_has NAME REGEX : the last run's stdout has a line matching REGEX (ERE).
expect_stdout_has() {
    if grep -q -E -e "$2" "$tmp/out"; then
        ok "$1"
    else
        not_ok "$1" "no line of stdout matches: $2"
        sed -e 's/^/    /' "$tmp/out" | head -n 40
    fi
}
