/*
 * A boilerlint rule plugin in C, written from the documented ABI contract alone
 * (boilerlint_plugin.h, which mirrors boilerlint_plugin::abi). boilerlint's tests build it with
 * the system C compiler and load it with the real binary.
 *
 * Its one rule, `c-shouting`, flags lines written entirely in capitals with at least three
 * words: "BREAKING NEWS: FLOODS IN THE NORTH". It judges ASCII letters only: a line holding any
 * other letter is left alone, since telling its case would need Unicode tables.
 *
 *     cc -shared -fPIC -O2 -I crates/boilerlint-plugin/include \
 *        -o libblfixture_c_plugin.so tests/c-plugin/blfixture_c_plugin.c
 *
 * (Named blfixture_* so that plugin discovery never picks it up; a real plugin's library is
 * named libboilerlint_plugin_<name>.so.)
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boilerlint_plugin.h"

#define DEFAULT_MIN_WORDS 3u
#define MAX_MIN_WORDS 1000u

static const char RULE_DOCS[] =
    "Flags lines written entirely in capitals, with at least three words.\n"
    "\n"
    "## What it does\n"
    "Flags a line whose letters are all capitals and that holds at least `min-words` words\n"
    "(a word has at least one letter): \"BREAKING NEWS: FLOODS IN THE NORTH\". Only ASCII\n"
    "letters are judged: a line holding any other letter is left alone.\n"
    "\n"
    "## Why is this bad?\n"
    "Shouted lines in scraped text are banners, tickers and section labels of the page, rarely\n"
    "the article's own sentences.\n"
    "\n"
    "## Example\n"
    "```text\n"
    "BREAKING NEWS: FLOODS IN THE NORTH\n"
    "```\n"
    "is reported as `shouting line (6 words in capitals)`.\n"
    "\n"
    "## Fix safety\n"
    "Deleting the line is unsafe: a headline may be written in capitals on purpose.\n"
    "\n"
    "## Options\n"
    "```toml\n"
    "[rules.c-example]\n"
    "min-words = 3   # fewer words are never flagged\n"
    "```\n";

static const bl_rule_meta RULES[] = {
    {
        BL_STR("c-shouting"),
        BL_STR("Flags lines written entirely in capitals, with at least three words."),
        {(const uint8_t *)RULE_DOCS, sizeof(RULE_DOCS) - 1},
        BL_SEVERITY_WARNING,
        BL_FIX_ALWAYS,
    },
};

/* An instance: its options, read-only once created, so `check` may run on many threads. */
typedef struct instance {
    unsigned min_words;
} instance;

static void report_error(const bl_error_sink *errors, const char *message) {
    if (errors != NULL && errors->report != NULL) {
        bl_str text = {(const uint8_t *)message, strlen(message)};
        errors->report(errors->ctx, text);
    }
}

/* Reads the plugin's TOML table, of which it knows one key: `min-words = N`. A small reader
 * for that one form; a plugin with richer options links a TOML library. */
static int parse_config(const uint8_t *text, size_t len, unsigned *min_words, char *error,
                        size_t error_len) {
    size_t at = 0;
    unsigned line_number = 0;
    while (at < len) {
        size_t end = at;
        while (end < len && text[end] != '\n') {
            end++;
        }
        line_number++;
        size_t start = at;
        at = end + 1;
        while (start < end && (text[start] == ' ' || text[start] == '\t')) {
            start++;
        }
        while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' ||
                               text[end - 1] == '\r')) {
            end--;
        }
        if (start == end || text[start] == '#') {
            continue;
        }
        static const char KEY[] = "min-words";
        size_t key_len = sizeof(KEY) - 1;
        size_t p = start;
        if (end - start < key_len || memcmp(text + start, KEY, key_len) != 0) {
            snprintf(error, error_len,
                     "line %u of its options: unknown option `%.*s` (the only one is "
                     "`min-words`)",
                     line_number, (int)(end - start), (const char *)(text + start));
            return 0;
        }
        p += key_len;
        while (p < end && (text[p] == ' ' || text[p] == '\t')) {
            p++;
        }
        if (p == end || text[p] != '=') {
            snprintf(error, error_len, "line %u of its options: expected `min-words = N`",
                     line_number);
            return 0;
        }
        p++;
        while (p < end && (text[p] == ' ' || text[p] == '\t')) {
            p++;
        }
        unsigned long value = 0;
        size_t digits = 0;
        while (p < end && text[p] >= '0' && text[p] <= '9' && value <= MAX_MIN_WORDS) {
            value = value * 10 + (unsigned long)(text[p] - '0');
            p++;
            digits++;
        }
        if (digits == 0 || p != end || value < 1 || value > MAX_MIN_WORDS) {
            snprintf(error, error_len, "`min-words` must be a whole number from 1 to %u",
                     MAX_MIN_WORDS);
            return 0;
        }
        *min_words = (unsigned)value;
    }
    return 1;
}

static uint32_t create(bl_str config_toml, const bl_error_sink *errors, void **out) {
    unsigned min_words = DEFAULT_MIN_WORDS;
    char error[256];
    if (!parse_config(config_toml.ptr, config_toml.len, &min_words, error, sizeof error)) {
        report_error(errors, error);
        return BL_STATUS_ERROR;
    }
    instance *self = malloc(sizeof *self);
    if (self == NULL) {
        report_error(errors, "out of memory");
        return BL_STATUS_ERROR;
    }
    self->min_words = min_words;
    if (out == NULL) {
        free(self);
        report_error(errors, "the host gave no place for the instance");
        return BL_STATUS_ERROR;
    }
    *out = self;
    return BL_STATUS_OK;
}

/* The number of words of a shouting line, or 0 when the line is not one: it has a lower-case
 * or a non-ASCII letter, or no word. */
static unsigned shouting_words(const uint8_t *line, size_t len) {
    unsigned words = 0;
    int in_word = 0, word_has_letter = 0;
    for (size_t i = 0; i <= len; i++) {
        uint8_t c = i < len ? line[i] : ' ';
        if (c >= 0x80 || (c >= 'a' && c <= 'z')) {
            return 0;
        }
        if (c == ' ' || c == '\t') {
            if (in_word && word_has_letter) {
                words++;
            }
            in_word = 0;
            word_has_letter = 0;
        } else {
            in_word = 1;
            if (c >= 'A' && c <= 'Z') {
                word_has_letter = 1;
            }
        }
    }
    return words;
}

static uint32_t check(const void *raw, const bl_document *doc, const bl_finding_sink *sink,
                      const bl_error_sink *errors) {
    const instance *self = raw;
    if (doc == NULL || sink == NULL || sink->emit == NULL) {
        report_error(errors, "the host passed no document or no sink");
        return BL_STATUS_ERROR;
    }
    /* Fields past the ones this plugin knows would be newer additions; fewer would be a host
     * older than this header. */
    if (doc->size < sizeof(bl_document)) {
        report_error(errors, "the host's document is smaller than ABI version 1's");
        return BL_STATUS_ERROR;
    }
    const uint8_t *text = doc->text.ptr;
    for (size_t i = 0; i < doc->lines_len; i++) {
        bl_span span = doc->lines[i];
        if (span.start > span.end || span.end > doc->text.len) {
            report_error(errors, "the host passed a line outside the text");
            return BL_STATUS_ERROR;
        }
        size_t len = (size_t)(span.end - span.start);
        unsigned words = shouting_words(text + span.start, len);
        if (words < self->min_words) {
            continue;
        }
        /* Valid during `emit` only, which is all the contract asks. */
        char message[64];
        int message_len =
            snprintf(message, sizeof message, "shouting line (%u words in capitals)", words);
        if (message_len < 0) {
            message_len = 0;
        } else if ((size_t)message_len >= sizeof message) {
            message_len = (int)sizeof message - 1;
        }
        bl_edit deletion = {span, {NULL, 0}};
        bl_finding finding = {
            sizeof(bl_finding),
            0, /* rule_index: c-shouting */
            BL_SEVERITY_DEFAULT,
            BL_APPLICABILITY_UNSAFE,
            span,
            {(const uint8_t *)message, (size_t)message_len},
            {NULL, 0}, /* language: unknown */
            0.5,
            &deletion,
            1,
        };
        if (sink->emit(sink->ctx, &finding) == BL_EMIT_STOP) {
            break;
        }
    }
    return BL_STATUS_OK;
}

static void destroy(void *raw) {
    free(raw);
}

static const bl_plugin_table TABLE = {
    {BL_MAGIC, BL_ABI_VERSION, sizeof(bl_plugin_table), 0},
    BL_FLAG_THREAD_SAFE | BL_FLAG_PANIC_CONTAINED,
    BL_STR("c-example"),
    BL_STR("1.0.0"),
    BL_STR("written in C against boilerlint_plugin.h (ABI 1)"),
    RULES,
    sizeof RULES / sizeof RULES[0],
    create,
    check,
    destroy,
};

BL_EXPORT const bl_header *boilerlint_plugin_entry(void) {
    return &TABLE.header;
}
