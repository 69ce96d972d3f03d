import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on `<data directory>.lock`, next to the data directory, that makes a
/// launcher the only user of a data directory.
///
/// Why a sibling file: `initdb` wants an empty directory, so the lock cannot live inside it
/// before the first start. Why `flock`: the kernel drops it when the holder dies, even by
/// SIGKILL, so a crash never leaves a stale lock; and unlike `fcntl` locks it also conflicts
/// between two launchers in the same process. The descriptor is close-on-exec so `pg_ctl` and
/// the postmaster never inherit (and keep holding) it. The holder writes its pid into the file
/// so that a refused launcher can say who holds it. The file is never deleted: unlinking a lock
/// file lets two processes lock two different files of the same name.
final class DataDirectoryLock: Sendable {
    let path: String
    private let descriptor: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    static func lockFilePath(for dataDirectory: URL) -> String {
        dataDirectory.standardizedFileURL.path + ".lock"
    }

    /// Takes the lock without waiting, or throws ``EmbeddedPostgresError/dataDirectoryInUse(path:pid:)``.
    static func acquire(for dataDirectory: URL) throws(EmbeddedPostgresError) -> DataDirectoryLock {
        let path = lockFilePath(for: dataDirectory)
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 && errno == EACCES {
            // Someone else's lock file: a read-only descriptor can still be locked.
            fd = open(path, O_RDONLY | O_CLOEXEC)
        }
        guard fd >= 0 else { throw .system("cannot open lock file \(path)", errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = readPID(fd)
            close(fd)
            if code == EWOULDBLOCK {
                throw .dataDirectoryInUse(path: dataDirectory.standardizedFileURL.path, pid: holder)
            }
            throw .system("cannot lock \(path)", code)
        }
        let pid = "\(getpid())\n"
        if ftruncate(fd, 0) == 0 {
            _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        }
        return DataDirectoryLock(path: path, descriptor: fd)
    }

    /// Releases the lock; calling it again does nothing.
    func release() {
        descriptor.withLock { fd in
            if let open = fd {
                close(open)
                fd = nil
            }
        }
    }

    deinit {
        release()
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
