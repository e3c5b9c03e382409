/*
 * Prints the size of every struct of boilerlint_plugin.h, the offset of every field and the
 * value of every constant, one per line, for tests/tests/c_plugin.rs to compare with
 * boilerlint_plugin::abi as Rust lays it out.
 */

#include <stddef.h>
#include <stdio.h>

#include "boilerlint_plugin.h"

#define SIZE(t) printf("sizeof %s %zu\n", #t, sizeof(t))
#define FIELD(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(t, f))
#define CONSTANT(c) printf("%s %llu\n", #c, (unsigned long long)(c))

int main(void) {
    SIZE(bl_header);
    FIELD(bl_header, magic);
    FIELD(bl_header, abi_version);
    FIELD(bl_header, table_size);
    FIELD(bl_header, reserved);
    SIZE(bl_str);
    FIELD(bl_str, ptr);
    FIELD(bl_str, len);
    SIZE(bl_span);
    FIELD(bl_span, start);
    FIELD(bl_span, end);
    SIZE(bl_paragraph);
    FIELD(bl_paragraph, span);
    FIELD(bl_paragraph, first_line);
    FIELD(bl_paragraph, line_count);
    SIZE(bl_document);
    FIELD(bl_document, size);
    FIELD(bl_document, reserved);
    FIELD(bl_document, text);
    FIELD(bl_document, path);
    FIELD(bl_document, lines);
    FIELD(bl_document, lines_len);
    FIELD(bl_document, paragraphs);
    FIELD(bl_document, paragraphs_len);
    FIELD(bl_document, url);
    FIELD(bl_document, id);
    FIELD(bl_document, language);
    SIZE(bl_edit);
    FIELD(bl_edit, span);
    FIELD(bl_edit, replacement);
    SIZE(bl_finding);
    FIELD(bl_finding, size);
    FIELD(bl_finding, rule_index);
    FIELD(bl_finding, severity);
    FIELD(bl_finding, applicability);
    FIELD(bl_finding, span);
    FIELD(bl_finding, message);
    FIELD(bl_finding, language);
    FIELD(bl_finding, score);
    FIELD(bl_finding, edits);
    FIELD(bl_finding, edits_len);
    SIZE(bl_rule_meta);
    FIELD(bl_rule_meta, id);
    FIELD(bl_rule_meta, summary);
    FIELD(bl_rule_meta, docs);
    FIELD(bl_rule_meta, default_severity);
    FIELD(bl_rule_meta, fix_availability);
    SIZE(bl_finding_sink);
    FIELD(bl_finding_sink, ctx);
    FIELD(bl_finding_sink, emit);
    SIZE(bl_error_sink);
    FIELD(bl_error_sink, ctx);
    FIELD(bl_error_sink, report);
    SIZE(bl_plugin_table);
    FIELD(bl_plugin_table, header);
    FIELD(bl_plugin_table, flags);
    FIELD(bl_plugin_table, name);
    FIELD(bl_plugin_table, version);
    FIELD(bl_plugin_table, build_info);
    FIELD(bl_plugin_table, rules);
    FIELD(bl_plugin_table, rules_len);
    FIELD(bl_plugin_table, create);
    FIELD(bl_plugin_table, check);
    FIELD(bl_plugin_table, destroy);
    CONSTANT(BL_MAGIC);
    CONSTANT(BL_ABI_VERSION);
    CONSTANT(BL_FLAG_THREAD_SAFE);
    CONSTANT(BL_FLAG_PANIC_CONTAINED);
    CONSTANT(BL_STATUS_OK);
    CONSTANT(BL_STATUS_ERROR);
    CONSTANT(BL_STATUS_PANIC);
    CONSTANT(BL_SEVERITY_DEFAULT);
    CONSTANT(BL_SEVERITY_INFO);
    CONSTANT(BL_SEVERITY_WARNING);
    CONSTANT(BL_SEVERITY_ERROR);
    CONSTANT(BL_FIX_NEVER);
    CONSTANT(BL_FIX_SOMETIMES);
    CONSTANT(BL_FIX_ALWAYS);
    CONSTANT(BL_APPLICABILITY_NONE);
    CONSTANT(BL_APPLICABILITY_SAFE);
    CONSTANT(BL_APPLICABILITY_UNSAFE);
    CONSTANT(BL_EMIT_CONTINUE);
    CONSTANT(BL_EMIT_STOP);
    CONSTANT(BL_DOCUMENT_SIZE_V1);
    printf("BL_ENTRY_SYMBOL %s\n", BL_ENTRY_SYMBOL);
    return 0;
}
