/* Test-only LD_PRELOAD shim: slows every write to a file down by PIPE_TEST_IO_DELAY_US
 * microseconds, so a test can SIGKILL a command in the middle of a short transaction.
 * Built by the end-to-end tests with `cc -shared -fPIC`; pipe itself knows nothing of it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static useconds_t delay_us(void) {
    static long delay = -1;
    if (delay < 0) {
        const char* text = getenv("PIPE_TEST_IO_DELAY_US");
        delay = text ? atol(text) : 0;
    }
    return (useconds_t)delay;
}

static void pause_for_file(int fd) {
    struct stat st;
    if (delay_us() > 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) usleep(delay_us());
}

ssize_t write(int fd, const void* buf, size_t n) {
    static ssize_t (*real)(int, const void*, size_t);
    if (!real) real = (ssize_t(*)(int, const void*, size_t))dlsym(RTLD_NEXT, "write");
    pause_for_file(fd);
    return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t at) {
    static ssize_t (*real)(int, const void*, size_t, off_t);
    if (!real) real = (ssize_t(*)(int, const void*, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
    pause_for_file(fd);
    return real(fd, buf, n, at);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off64_t at) {
    static ssize_t (*real)(int, const void*, size_t, off64_t);
    if (!real) real = (ssize_t(*)(int, const void*, size_t, off64_t))dlsym(RTLD_NEXT, "pwrite64");
    pause_for_file(fd);
    return real(fd, buf, n, at);
}
