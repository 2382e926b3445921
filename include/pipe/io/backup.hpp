#pragma once
/// \file backup.hpp
/// A consistent copy of the database while other commands may be running.

#include "pipe/store.hpp"

#include <string>

namespace crm::io {

/// Copy the database to `path` with SQLite's online backup API (one consistent snapshot,
/// even while other processes write). The file is written next to `path` and renamed into
/// place, mode 0600. An existing `path`, the database itself (or its `-wal`/`-shm`) and an
/// in-memory store (no database file) are errors.
[[nodiscard]] Result<void> backup_database(Store& store, const std::string& path);

} // namespace crm::io
