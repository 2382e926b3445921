// The static binary's stand-ins for the dynamic loader's functions, linked in their place with
// `--wrap`. SQLite calls them only to load extensions, which pipe never does; glibc's own
// cannot work in a static binary run with another glibc, and warn at every link.

#include <cstddef>

extern "C" {

void* __wrap_dlopen(const char* /*file*/, int /*mode*/) {
    return nullptr;
}

char* __wrap_dlerror() {
    static char message[] = "pipe is a static binary: it loads no shared objects";
    return message;
}

void* __wrap_dlsym(void* /*handle*/, const char* /*name*/) {
    return nullptr;
}

int __wrap_dlclose(void* /*handle*/) {
    return 0;
}
}
