package dev.systrument.model.files;

import dev.systrument.model.value.Value;

/**
 * The access mode and the creating flags of an {@code open}: {@code O_RDONLY|O_CLOEXEC}, {@code
 * O_WRONLY|O_CREAT|O_TRUNC}, a raw number ({@code 0x241}), or {@code openat2}'s {@code
 * {flags=O_RDONLY, ...}}.
 */
record OpenFlags(int accessMode, boolean create, boolean truncate, boolean excl) {
  // include/uapi/asm-generic/fcntl.h
  private static final int O_ACCMODE = 3;
  private static final int O_WRONLY = 1;
  private static final int O_RDWR = 2;
  private static final long O_CREAT = 0100;
  private static final long O_TRUNC = 01000;
  private static final long O_EXCL = 0200;

  /** {@code creat(path, mode)} is {@code O_WRONLY|O_CREAT|O_TRUNC}; an unknown value reads like O_RDONLY. */
  static OpenFlags of(Value value) {
    Value v = FileSyscalls.unwrap(value);
    if (v instanceof Value.Struct s) {
      v = FileSyscalls.unwrap(s.get("flags"));
    }
    OpenFlags flags = new OpenFlags(0, false, false, false);
    if (v instanceof Value.Flags f) {
      for (Value part : f.parts()) {
        flags = flags.with(FileSyscalls.unwrap(part));
      }
    } else if (v != null) {
      flags = flags.with(v);
    }
    return flags;
  }

  private OpenFlags with(Value part) {
    if (part instanceof Value.Sym s) {
      return switch (s.name()) {
        case "O_WRONLY" -> new OpenFlags(O_WRONLY, create, truncate, excl);
        case "O_RDWR" -> new OpenFlags(O_RDWR, create, truncate, excl);
        case "O_CREAT" -> new OpenFlags(accessMode, true, truncate, excl);
        case "O_TRUNC" -> new OpenFlags(accessMode, create, true, excl);
        case "O_EXCL" -> new OpenFlags(accessMode, create, truncate, true);
        default -> this;
      };
    }
    if (part instanceof Value.Num n) {
      long bits = n.value();
      return new OpenFlags(
          accessMode | (int) (bits & O_ACCMODE),
          create || (bits & O_CREAT) != 0,
          truncate || (bits & O_TRUNC) != 0,
          excl || (bits & O_EXCL) != 0);
    }
    return this;
  }

  boolean reads() {
    return accessMode == 0 || accessMode == O_RDWR;
  }

  boolean writes() {
    return accessMode == O_WRONLY || accessMode == O_RDWR || truncate;
  }

  boolean creates() {
    return create;
  }

  /** {@code O_CREAT|O_EXCL}: succeeds only by creating the file. */
  boolean exclusive() {
    return create && excl;
  }
}
