#if canImport(Glibc)
    import Glibc
#endif

/// The process's limit on open descriptors (each connection holds one). A server run from a shell
/// or by systemd often starts with a soft limit of 1,024 under a hard limit many times larger;
/// ``raise()`` lifts the soft limit to the hard one at start.
public enum OpenFileLimit {
    /// The soft limit now (1,024 where it cannot be read).
    public static var current: Int {
        #if canImport(Glibc)
            var limit = rlimit()
            guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1_024 }
            return Int(clamping: limit.rlim_cur)  // RLIM_INFINITY (all bits set) clamps to Int.max
        #else
            return 1_024
        #endif
    }

    /// Raises the soft limit to the hard limit; returns the limit in force afterwards.
    @discardableResult
    public static func raise() -> Int {
        #if canImport(Glibc)
            var limit = rlimit()
            if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
                limit.rlim_cur = limit.rlim_max
                _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            }
        #endif
        return current
    }
}
