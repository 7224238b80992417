/*
 * file.h - the one way echoddns reads and replaces its files. A read goes
 * through one descriptor, checked with fstat, so what was checked is what
 * is read, and it is bounded: a runaway file is refused, never slurped. A
 * write replaces the file atomically: temp file, fsync, rename, fsync of
 * the directory. A failed read is not reported here: each caller words
 * its own message, with its own subject (a config key, the state file).
 */
#ifndef ECHODDNS_FILE_H
#define ECHODDNS_FILE_H

#include <sys/types.h>
#include <sys/stat.h>

#include <stddef.h>

/* Flags of file_read: what to refuse besides a file that is not regular. */
#define FILE_NOFOLLOW	0x01	/* a symbolic link: FILE_SYMLINK */
#define FILE_NOTWRITABLE 0x02	/* group or others may write it: FILE_MODE */
#define FILE_PRIVATE	0x04	/* group or others may access it: FILE_MODE */
#define FILE_OWNED	0x08	/* owned by neither root nor us: FILE_OWNER */

/* Why file_read gave up. */
enum file_status {
	FILE_OK = 0,
	FILE_OPEN,	/* open failed: errno says why (ENOENT: missing) */
	FILE_SYMLINK,	/* FILE_NOFOLLOW, and path is a symbolic link */
	FILE_NOTREG,	/* not a regular file (a directory, a FIFO, ...) */
	FILE_OWNER,	/* FILE_OWNED refused the owner */
	FILE_MODE,	/* FILE_NOTWRITABLE or FILE_PRIVATE refused the mode */
	FILE_TOOBIG,	/* more than max bytes */
	FILE_ERRNO,	/* fstat or read failed: errno says why */
	FILE_NOMEM
};

/*
 * Read all of path, at most max bytes. On FILE_OK *buf is a new buffer
 * (the caller frees it, and wipes it first if it may hold a secret) with
 * *len bytes and a NUL after them; buffers dropped on the way are wiped.
 * Otherwise *buf is NULL, and errno is kept for FILE_OPEN and FILE_ERRNO.
 * st, when not NULL, gets the fstat of the open file, also when a check
 * refused it. Opening never blocks (O_NONBLOCK: a FIFO is refused, not
 * waited for). The checks run in the order of enum file_status.
 */
enum file_status file_read(const char *path, size_t max, int flags,
		    char **buf, size_t *len, struct stat *st);

/*
 * mkdir -p dir: missing parents 0755 like any system directory, dir itself
 * 0700. Returns 0, or after log_err EX_TEMPFAIL (I/O) or EX_SOFTWARE.
 */
int	file_make_dir(const char *dir);

/*
 * Replace path with the len bytes of data, mode 0600: they go to a temp
 * file ".NAME.XXXXXX" beside it, which is synced and renamed over path;
 * then the directory is synced. Returns 0, or after log_err EX_TEMPFAIL
 * (I/O) or EX_SOFTWARE (out of memory); the old file is then intact and
 * the temp file removed. A symbolic link at path is replaced, not followed.
 */
int	file_replace(const char *path, const void *data, size_t len);

/*
 * Remove the temp files of path that a run killed inside file_replace
 * left behind. Only for a caller that holds whatever lock serializes the
 * writers of path: another writer's temp file is not left behind.
 */
void	file_remove_temps(const char *path);

#endif
