import Foundation

/// A tiny detached shell process that stops the cluster if the process owning it dies.
///
/// A clean `stop()` stops the cluster itself. But a SIGKILLed or crashed procure runs no code,
/// and the postmaster (which `pg_ctl` detaches into its own session) would live on, holding the
/// data directory. The watchdog polls the owner once a second; when the owner is gone it asks the
/// postmaster for a fast shutdown (SIGINT, what `pg_ctl stop -m fast` sends — pg_ctl is not used
/// because it refuses to run as root and may act on a newer postmaster of the same directory),
/// waits for it to exit, then deletes the given throwaway paths. When the postmaster goes away
/// first (a clean stop) the watchdog just exits and touches nothing.
///
/// It runs as ourselves (root may signal the `postgres` user's postmaster; the `postgres` user
/// could not even probe a root owner with `kill -0`), in a new session so that a Ctrl-C aimed at
/// a test runner does not kill it, with stdin/stdout/stderr on /dev/null and no other inherited
/// descriptors, so that it never keeps a parent's pipes open (a `swift test` waiting for its
/// children's output would hang).
enum ClusterWatchdog {
    static let script = """
        alive() {
            kill -0 "$1" 2>/dev/null || return 1
            case "$(cat /proc/"$1"/stat 2>/dev/null)" in *") Z "*) return 1 ;; esac
        }
        wait_exit() {
            i=0
            while alive "$1" && [ "$i" -lt "$2" ]; do sleep 0.1; i=$((i + 1)); done
        }
        owner=$1
        postmaster=$2
        shift 2
        while alive "$owner"; do
            alive "$postmaster" || exit 0
            sleep 1
        done
        kill -INT "$postmaster" 2>/dev/null
        wait_exit "$postmaster" 600
        if alive "$postmaster"; then
            kill -QUIT "$postmaster" 2>/dev/null
            wait_exit "$postmaster" 100
        fi
        for path in "$@"; do rm -rf -- "$path"; done
        """

    static func spawn(ownerPID: Int32, postmasterPID: Int32, removeAfterwards paths: [String]) async throws {
        // The launching shell backgrounds the loop and exits at once; the loop, reparented to
        // init, carries on in the new session.
        let background = "( trap '' HUP INT\n\(script)\n) </dev/null >/dev/null 2>&1 &"
        let status = try await CommandRunner.spawnDetached(
            "/bin/sh", ["-c", background, "procure-watchdog", "\(ownerPID)", "\(postmasterPID)"] + paths)
        guard status == 0 else {
            throw EmbeddedPostgresError.commandFailed(command: "watchdog", status: status, output: "")
        }
    }
}
