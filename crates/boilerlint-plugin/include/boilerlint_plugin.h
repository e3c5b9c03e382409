/*
 * boilerlint_plugin.h: the C ABI between the boilerlint host and a rule plugin, version 1.
 *
 * This header mirrors `boilerlint_plugin::abi` (crates/boilerlint-plugin/src/abi.rs), whose
 * documentation is the contract; boilerlint's tests compile it and compare every size, offset
 * and constant with the Rust definitions. In short:
 *
 * - A plugin is a shared library exporting one function, `boilerlint_plugin_entry`, that
 *   returns a pointer to a static `bl_plugin_table` (cast to its `bl_header`), or NULL.
 * - The host checks `magic`, then `abi_version` (must equal BL_ABI_VERSION), then
 *   `table_size` (at least the size of the table it knows). The table and everything it points
 *   to stay valid and unchanged while the library is loaded; the host never unloads it.
 * - `create` builds an instance from the plugin's TOML configuration (empty when there is
 *   none); `check` reports the findings of one document through the host's `bl_finding_sink`;
 *   `destroy` frees an instance, at most once. Each returns a BL_STATUS_* code; with
 *   BL_STATUS_ERROR or BL_STATUS_PANIC it first gives a message to the `bl_error_sink`.
 * - With BL_FLAG_THREAD_SAFE, `check` runs on several threads at once on one instance.
 *   BL_FLAG_PANIC_CONTAINED promises that a crash never unwinds into the host: a C plugin,
 *   which never unwinds, sets it.
 * - Strings are `bl_str`: UTF-8, pointer and length, NOT NUL-terminated; a NULL pointer only
 *   with length 0. Whatever one side allocates, that side frees. What the host passes into a
 *   call is valid during that call only; what the plugin passes to `emit` is valid during
 *   `emit` only (the host copies what it keeps).
 * - Offsets are byte offsets into the document text, start <= end <= text.len, on UTF-8
 *   character boundaries. The host validates every field and rejects a finding that is wrong.
 *
 * Versioning: fields appended at the end of `bl_plugin_table`, or new constants an older host
 * rejects cleanly, keep BL_ABI_VERSION. Any other change bumps it. `bl_header` never changes.
 */

#ifndef BOILERLINT_PLUGIN_H
#define BOILERLINT_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The bytes "BLPL" read as a little-endian uint32: the first field of every plugin table. */
#define BL_MAGIC UINT32_C(0x4C504C42)

/* The version of this ABI. A host loads only plugins built for the same version. */
#define BL_ABI_VERSION UINT32_C(1)

/* The name of the one symbol a plugin exports, of type bl_entry_fn. */
#define BL_ENTRY_SYMBOL "boilerlint_plugin_entry"

/* `check` may be called from several threads at once on the same instance. */
#define BL_FLAG_THREAD_SAFE (UINT64_C(1) << 0)
/* A crash inside the plugin never unwinds into or aborts the host. */
#define BL_FLAG_PANIC_CONTAINED (UINT64_C(1) << 1)

/* Status codes returned by create, check. */
#define BL_STATUS_OK UINT32_C(0)    /* the call succeeded */
#define BL_STATUS_ERROR UINT32_C(1) /* it failed; the message went to the error sink */
#define BL_STATUS_PANIC UINT32_C(2) /* it crashed and caught it; never called again */

/* Severities. BL_SEVERITY_DEFAULT in a finding means: the rule's default. */
#define BL_SEVERITY_DEFAULT UINT32_C(0)
#define BL_SEVERITY_INFO UINT32_C(1)    /* reported; does not fail a check on its own */
#define BL_SEVERITY_WARNING UINT32_C(2) /* the default for contamination */
#define BL_SEVERITY_ERROR UINT32_C(3)

/* Whether a rule offers fixes (bl_rule_meta.fix_availability). */
#define BL_FIX_NEVER UINT32_C(0)
#define BL_FIX_SOMETIMES UINT32_C(1)
#define BL_FIX_ALWAYS UINT32_C(2)

/* Whether a finding's fix is applied by --fix (bl_finding.applicability). */
#define BL_APPLICABILITY_NONE UINT32_C(0)   /* no fix; the edits are ignored */
#define BL_APPLICABILITY_SAFE UINT32_C(1)   /* applied by --fix */
#define BL_APPLICABILITY_UNSAFE UINT32_C(2) /* applied by --unsafe-fixes only */

/* Returned by bl_finding_sink.emit. */
#define BL_EMIT_CONTINUE UINT32_C(0) /* go on reporting */
#define BL_EMIT_STOP UINT32_C(1)     /* stop and return from check soon */

/* The frozen start of every plugin table. Its layout never changes. */
typedef struct bl_header {
    uint32_t magic;       /* BL_MAGIC */
    uint32_t abi_version; /* BL_ABI_VERSION */
    uint32_t table_size;  /* sizeof the whole table, header included */
    uint32_t reserved;    /* zero */
} bl_header;

/* A borrowed UTF-8 string, not NUL-terminated. */
typedef struct bl_str {
    const uint8_t *ptr; /* NULL only when len is 0 */
    size_t len;         /* in bytes */
} bl_str;

/* A bl_str for a string literal, usable in static initialisers. */
#define BL_STR(literal) {(const uint8_t *)(literal), sizeof(literal) - 1}

/* A byte range start..end (end exclusive) of a document's text. */
typedef struct bl_span {
    uint64_t start;
    uint64_t end;
} bl_span;

/* One paragraph: a maximal run of non-blank lines. */
typedef struct bl_paragraph {
    bl_span span;        /* its first line's start to its last line's end (terminator excluded) */
    uint64_t first_line; /* index of its first line in bl_document.lines */
    uint64_t line_count; /* at least 1 */
} bl_paragraph;

/* A document handed to check, segmented by the host. */
typedef struct bl_document {
    uint32_t size;     /* sizeof(bl_document) as the host knows it; ignore fields you don't */
    uint32_t reserved; /* zero */
    bl_str text;       /* the whole text; a leading byte-order mark belongs to no line */
    bl_str path;       /* where it came from, for messages; may be empty */
    const bl_span *lines; /* every line's content, terminator (\n or \r\n) excluded */
    size_t lines_len;
    const bl_paragraph *paragraphs;
    size_t paragraphs_len;
    /* Added after the first layout (BL_DOCUMENT_SIZE_V1 bytes): read one only when size covers
     * it, since an older host passes a shorter document. Each is empty when unknown. */
    bl_str url;      /* the record's URL */
    bl_str id;       /* the record's id as text */
    bl_str language; /* the language the record declares, as written (en, pt-BR) */
} bl_document;

/* sizeof the first layout of bl_document (up to paragraphs_len). */
#define BL_DOCUMENT_SIZE_V1 offsetof(bl_document, url)

/* One edit of a fix: replace span with replacement (empty for a deletion). */
typedef struct bl_edit {
    bl_span span;
    bl_str replacement;
} bl_edit;

/* A finding, reported through bl_finding_sink.emit. */
typedef struct bl_finding {
    uint32_t size;          /* sizeof(bl_finding) */
    uint32_t rule_index;    /* index of the rule in bl_plugin_table.rules */
    uint32_t severity;      /* a BL_SEVERITY_* constant */
    uint32_t applicability; /* a BL_APPLICABILITY_* constant */
    bl_span span;           /* what was found */
    bl_str message;         /* one line for the user */
    bl_str language;        /* ISO 639-1 code of the flagged text, or empty */
    double score;           /* confidence, 0.0 to 1.0 */
    const bl_edit *edits;   /* the fix; may be NULL when edits_len is 0 */
    size_t edits_len;
} bl_finding;

/* Metadata of one rule, in the plugin's static table. */
typedef struct bl_rule_meta {
    bl_str id;                 /* kebab-case, unique across plugins, e.g. "cookie-banner" */
    bl_str summary;            /* one line: what the rule finds */
    bl_str docs;               /* Markdown: what it finds, why it matters, example, options */
    uint32_t default_severity; /* BL_SEVERITY_INFO, _WARNING or _ERROR */
    uint32_t fix_availability; /* a BL_FIX_* constant */
} bl_rule_meta;

/* Where a plugin sends findings. Owned by the host. */
typedef struct bl_finding_sink {
    void *ctx; /* opaque; passed back to emit */
    uint32_t (*emit)(void *ctx, const bl_finding *finding); /* never unwinds */
} bl_finding_sink;

/* Where a plugin sends an error message. Owned by the host. */
typedef struct bl_error_sink {
    void *ctx; /* opaque; passed back to report */
    void (*report)(void *ctx, bl_str message); /* the host keeps the last message */
} bl_error_sink;

/* Builds an instance from TOML text; stores it in *out and returns BL_STATUS_OK, or reports
 * why not. */
typedef uint32_t (*bl_create_fn)(bl_str config_toml, const bl_error_sink *errors, void **out);

/* Checks one document, reporting findings to sink. */
typedef uint32_t (*bl_check_fn)(const void *instance, const bl_document *document,
                                const bl_finding_sink *sink, const bl_error_sink *errors);

/* Frees an instance made by create. */
typedef void (*bl_destroy_fn)(void *instance);

/* Everything the host knows of a plugin: static, valid while the library is loaded. */
typedef struct bl_plugin_table {
    bl_header header;
    uint64_t flags;           /* BL_FLAG_* bits */
    bl_str name;              /* kebab-case; the plugin's identity */
    bl_str version;           /* the plugin's own version, e.g. "0.1.0" */
    bl_str build_info;        /* free text for diagnostics */
    const bl_rule_meta *rules;
    size_t rules_len;         /* at least 1 */
    bl_create_fn create;      /* none of the three may be NULL */
    bl_check_fn check;
    bl_destroy_fn destroy;
} bl_plugin_table;

/* The type of the exported entry function. */
typedef const bl_header *(*bl_entry_fn)(void);

/* Marks the entry function as exported from the shared library. */
#if defined(_WIN32)
#define BL_EXPORT __declspec(dllexport)
#else
#define BL_EXPORT __attribute__((visibility("default")))
#endif

/* The one function a plugin defines and exports. */
BL_EXPORT const bl_header *boilerlint_plugin_entry(void);

#ifdef __cplusplus
}
#endif

#endif /* BOILERLINT_PLUGIN_H */
