//! Rule cases: texts the rule must flag, and texts it must leave alone (each says why).

use boilerlint_plugin::testing::check;
use boilerlint_plugin::{Applicability, Plugin};

use crate::CookieBanner;

const SEED: &str = include_str!("../../../tests/fixtures/seed-article.txt");

fn plugin() -> CookieBanner {
    CookieBanner::new("").expect("default config")
}

#[test]
fn finds_the_turkish_notice_of_the_seed_article() {
    let findings = check(&plugin(), SEED);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f.lines, (19, 26));
    assert!(f.text.starts_with("X\nSitelerimizde"));
    assert!(f.text.ends_with("hatırlatmak isteriz."));
    assert_eq!(
        f.message,
        "cookie-consent notice (tr): cookie term 'çerez', consent 'tercihler', purpose 'reklam', \
         button 'X'"
    );
    assert_eq!(f.language.as_deref(), Some("tr"));
    let (applicability, range, replacement) = f.fix.clone().expect("a fix");
    assert_eq!(applicability, Applicability::Safe);
    assert_eq!(range, f.range);
    assert_eq!(replacement, "");
}

/// The seed article as a page's HTML leaves it when it breaks long words with soft hyphens
/// and glues words with zero-width spaces: the notice is the same, and its range covers those
/// characters too, so that deleting it leaves none behind.
#[test]
fn finds_the_seed_notice_through_soft_hyphens_and_zero_width_spaces() {
    let text = SEED
        .replace("çerez", "çe\u{AD}rez")
        .replace("tercih", "ter\u{200B}cih")
        .replace("reklam", "rek\u{AD}lam");
    let plain = check(&plugin(), SEED);
    let findings = check(&plugin(), &text);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].lines, plain[0].lines);
    assert_eq!(findings[0].message, plain[0].message);
    let f = &findings[0];
    assert_eq!(
        f.text.replace(['\u{AD}', '\u{200B}'], ""),
        plain[0].text,
        "the same lines, with their invisible characters"
    );
    let (_, range, _) = f.fix.clone().expect("a fix");
    assert_eq!(range, f.range);
}

/// The seed article with one paragraph per line, as web corpora store text: the notice is
/// the same, and the article's last paragraph, right above its close mark, stays out of it.
#[test]
fn finds_the_seed_notice_with_one_paragraph_per_line() {
    let text: String = SEED
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let findings = check(&plugin(), &text);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].lines, (10, 14));
    assert!(findings[0].text.starts_with("X\nSitelerimizde"));
}

/// A document stored as one line, the article and its consent notice together: the notice is
/// found, but deleting its line would delete the article, so its fix is unsafe and says why.
#[test]
fn a_notice_on_one_line_with_an_article_gets_an_unsafe_fix() {
    let text: String = SEED.split_whitespace().collect::<Vec<_>>().join(" ") + "\n";
    let findings = check(&plugin(), &text);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert!(
        f.message.contains("(unsafe fix: line 1 holds ")
            && f.message.ends_with(
                "characters of sentences with no sign of a notice, more than a notice's 450: \
                 other text is on its line)"
            ),
        "{}",
        f.message
    );
    let (applicability, _, _) = f.fix.clone().expect("a fix");
    assert_eq!(applicability, Applicability::Unsafe);
    // The notice alone on its line keeps its safe fix.
    let notice: String = SEED
        .lines()
        .skip_while(|l| l.trim() != "X")
        .collect::<Vec<_>>()
        .join(" ");
    let findings = check(
        &plugin(),
        &format!("{}\n\n{notice}\n", SEED.lines().next().unwrap()),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        findings[0].fix.clone().expect("a fix").0,
        Applicability::Safe
    );
}

/// A quotation does not run from one paragraph to another where each line is one: a page's
/// quote left open above the notice (an extractor cut the line) and a quote mark below it do
/// not make the notice a quotation in an article's sentence.
#[test]
fn a_quote_left_open_on_a_line_above_does_not_hide_the_notice() {
    let lines: Vec<&str> = SEED.lines().filter(|l| !l.trim().is_empty()).collect();
    let (article, notice) = lines.split_at(9);
    let text = format!(
        "{}\nThe minister told reporters the talks had been \"useful and\n{}\n\
         Officials said later that \"no decision\" had been taken on the sanctions.\n",
        article.join("\n"),
        notice.join("\n")
    );
    let findings = check(&plugin(), &text);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].lines, (11, 15));
    assert!(findings[0].text.starts_with("X\nSitelerimizde"));
}

#[test]
fn flags_notices_in_several_languages() {
    let invalid = [
        // English IAB TCF wording with button residue.
        "Markets rallied on Friday after the central bank held rates.\n\n\
         We value your privacy\n\n\
         We and our partners store and/or access information on a device, such as cookies and \
         process personal data, such as unique identifiers and standard information sent by a \
         device for personalised ads and content, ad and content measurement, and audience \
         insights. With your permission we and our partners may use precise geolocation data. \
         You may click to consent to our and our partners' processing as described above.\n\n\
         Accept all\nManage preferences\n",
        // German consent dialog.
        "Die Bahn saniert die Strecke bis 2026.\n\n\
         Wir verwenden Cookies und ähnliche Technologien, um Inhalte und Anzeigen zu \
         personalisieren und unseren Datenverkehr zu analysieren. Mit einem Klick auf \
         „Alle akzeptieren“ stimmen Sie der Verwendung zu. Ihre Einwilligung können Sie \
         jederzeit in den Einstellungen widerrufen. Weitere Informationen finden Sie in \
         unserer Datenschutzerklärung.\n\nAlle akzeptieren\n",
    ];
    for text in invalid {
        let findings = check(&plugin(), text);
        assert_eq!(findings.len(), 1, "{text}\n{findings:#?}");
        assert!(!findings[0].text.contains("Markets") && !findings[0].text.contains("Bahn"));
    }
}

#[test]
fn leaves_articles_about_cookies_alone() {
    let valid = [
        // News about a cookie law, in the third person.
        "The regulator fined the publisher 2 million euros on Tuesday, saying its cookie banner \
         made it harder to reject tracking than to accept it. The company said it would appeal \
         the ruling and change its consent settings.\n",
        // A sentence that quotes a banner is about it.
        "Markets rallied on Friday after the central bank held rates.\n\n\
         Under the new rules, a site that shows \"We use cookies to improve your experience. \
         Accept all cookies\" must offer a reject button of the same size, the regulator \
         said on Tuesday.\n",
    ];
    for text in valid {
        let findings = check(&plugin(), text);
        assert!(findings.is_empty(), "{text}\n{findings:#?}");
    }
}

/// Short documents about cookies as food or browsers are not notices, though a line of one or
/// two that names cookies has a notice's shape.
#[test]
fn leaves_short_texts_about_cookies_alone() {
    let valid = [
        "Brown butter cookies\n\nPreheat the oven to 180C. Cream the butter and sugar, then \
         fold in the flour and chocolate chips. Bake the cookies for 12 minutes.\n",
        "Browsers have started to block third-party cookies by default.\n",
    ];
    for text in valid {
        let findings = check(&plugin(), text);
        assert!(findings.is_empty(), "{text}\n{findings:#?}");
    }
}

/// A table's cells, one per line as text extraction leaves them: "Sí" and "No" are words of
/// consent buttons ("Sí, acepto", "No, gracias"), but a word of a label alone is no label.
#[test]
fn leaves_the_cells_of_a_table_alone() {
    let text = "Los intérpretes de órdenes disponibles en Debian, con su popularidad y tamaño:\n\n\
                dash\n\nV:894, I:995\n\n191\n\nSí\n\n\
                Intérprete de órdenes Debian Almquist, bueno para archivos de órdenes\n\n\
                zsh\n\nV:37, I:73\n\n2436\n\nSí\n\n\
                Intérprete de órdenes Z: un intérprete de órdenes con muchas mejoras\n\n\
                tcsh\n\nV:8, I:25\n\n1346\n\nNo\n\n\
                TENEX C Shell: una versión mejorada de Berkeley csh\n";
    let findings = check(&plugin(), text);
    assert!(findings.is_empty(), "{findings:#?}");
    // An "X" in a column, among the numbers and names of its rows: a close mark is residue
    // only next to lines that are evidence of a notice.
    let text = "Herramientas para capturar la pantalla:\n\n\
                xwd\n\nV:26, I:440\n\n2476\n\nX\n\nxwd(1)\n\n\
                imagemagick\n\nI:326\n\n176\n\nX\n\nimport(1)\n\n\
                scrot\n\nV:5, I:69\n\n129\n\nX\n\nscrot(1)\n";
    let findings = check(&plugin(), text);
    assert!(findings.is_empty(), "{findings:#?}");
}

/// The common one-sentence notices of the issue tracker, alone at the end of an article in
/// their language.
#[test]
fn finds_one_sentence_notices_at_the_end() {
    let cases = [
        (
            "The minister said the plan would be ready by June.\n\n\
             Critics called it too late and too expensive for the towns concerned.\n\n",
            [
                "This website uses cookies to ensure you get the best experience on our website.",
                "Accept all cookies",
            ]
            .as_slice(),
        ),
        (
            "Die Bahn saniert die Strecke bis 2026. Die Arbeiten dauern an, sagte ein Sprecher \
             am Montag in Berlin.\n\nKritiker bemängeln die Verzögerungen seit Jahren.\n\n",
            ["Diese Website verwendet Cookies."].as_slice(),
        ),
    ];
    for (article, notices) in cases {
        for notice in notices {
            let text = format!("{article}{notice}\n");
            let findings = check(&plugin(), &text);
            assert_eq!(findings.len(), 1, "{notice}: {findings:#?}");
            assert_eq!(findings[0].lines.1, text.lines().count(), "{notice}");
        }
    }
}

/// Very short one-sentence notices, in the article's language or another: the model weighs a
/// one-line paragraph's categories with its length.
#[test]
fn finds_very_short_notices() {
    let text = "The minister said the plan would be ready by June.\n\n\
                Critics called it too late and too expensive for the towns concerned.\n\n\
                Diese Website verwendet Cookies.\n";
    assert_eq!(check(&plugin(), text).len(), 1);
    for (article, notice) in [
        (
            "Le gouvernement a présenté mardi son projet de budget pour 2026.\n\n\
             Les syndicats ont dénoncé des coupes importantes.\n\n",
            "Ce site utilise des cookies.",
        ),
        (
            "Hükümet yeni bütçeyi salı günü açıkladı.\n\nMuhalefet kesintileri eleştirdi.\n\n",
            "Bu web sitesi çerezleri kullanmaktadır.",
        ),
    ] {
        assert_eq!(check(&plugin(), &format!("{article}{notice}\n")).len(), 1);
    }
}

#[test]
fn options_are_checked() {
    assert!(CookieBanner::new("disable-languages = [\"tr\"]").is_ok());
    let err = CookieBanner::new("disable-languages = [\"xx\"]")
        .err()
        .unwrap();
    assert!(err.contains("no lexicon for language \"xx\""), "{err}");
    let err = CookieBanner::new("treshold = 2").err().unwrap();
    assert!(err.contains("unknown field `treshold`"), "{err}");
}

#[test]
fn every_lexicon_parses() {
    let (lexicon, ui) = crate::lexicon::Lexicon::build(&[]).expect("lexicons parse");
    assert!(lexicon.matcher.pattern_count() > 1000);
    assert!(ui.len() > 100);
}

#[test]
fn automata_stay_small() {
    // One instance serves every thread for the whole run; its automata dominate the memory of
    // a corpus run. The gate is a DFA (fast, larger); the full matcher is not (it would take
    // tens of MB).
    let (lexicon, _) = crate::lexicon::Lexicon::build(&[]).unwrap();
    let gate = &lexicon.gate;
    assert!(
        gate.memory_usage() < 12 << 20,
        "gate: {} spellings, {} KiB",
        gate.pattern_count(),
        gate.memory_usage() / 1024
    );
    assert!(
        lexicon.matcher.memory_usage() < 8 << 20,
        "{}",
        lexicon.matcher.describe()
    );
}

#[test]
fn a_row_of_buttons_no_lexicon_lists_whole_is_found_by_its_words() {
    // "Tout refuser" and "Paramétrer" are known labels; their row is not, as a line.
    let text = "Le conseil municipal a approuvé mardi le nouveau budget après un long débat sur \
                le financement des écoles et des routes.\n\n\
                Le maire a déclaré que ce vote marquait un tournant pour la ville.\n\n\
                Tout refuser | Paramétrer\n";
    let findings = check(&plugin(), text);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].text, "Tout refuser | Paramétrer");
    assert!(
        findings[0]
            .message
            .contains("button 'Tout refuser | Paramétrer'"),
        "{}",
        findings[0].message
    );
    // A sentence made of the same words is not a row of buttons.
    assert!(!crate::text::is_button_row(
        "Tout refuser.",
        &crate::lexicon::Lexicon::build(&[]).unwrap().1
    ));
}

/// A page of which the scraper kept little but its consent notice: the notice is most of the
/// document, but its buttons show it is furniture, so its fix is safe. Without the buttons,
/// the same share says it may be an article about cookies, and the fix is unsafe.
#[test]
fn a_notice_with_buttons_is_safe_to_delete_even_when_it_is_most_of_the_page() {
    let notice = "We use cookies to improve your experience on our website. By continuing to \
                  browse you agree to our use of cookies.\n\
                  We and our partners use cookies for analytics and personalised advertising. \
                  You can change your preferences at any time.\n\
                  Read our cookie policy for more information about the cookies we use.\n";
    let page = format!(
        "Town hall opens on Saturdays\n\n\
         The town hall will open on Saturday mornings from March, the mayor said.\n\n\
         {notice}Accept all cookies\nManage preferences\n"
    );
    let findings = check(&plugin(), &page);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f.lines.1, page.lines().count());
    assert!(f.message.contains("button '"), "{}", f.message);
    assert_eq!(
        f.fix.as_ref().map(|f| f.0),
        Some(Applicability::Safe),
        "{}",
        f.message
    );

    let without_buttons = format!(
        "Town hall opens on Saturdays\n\n\
         The town hall will open on Saturday mornings from March, the mayor said.\n\n\
         {notice}{notice}"
    );
    let findings = check(&plugin(), &without_buttons);
    assert!(!findings.is_empty());
    for f in findings {
        assert_eq!(
            f.fix.as_ref().map(|f| f.0),
            Some(Applicability::Unsafe),
            "{f:#?}"
        );
        assert!(
            f.message.contains("may be an article about cookies"),
            "{}",
            f.message
        );
    }
}

/// A notice that leaves buttons is judged safe against `SAFE_CONTROLS`, one of sentences alone
/// against `SAFE`: the same notice text is safe to delete with its buttons and not without
/// them when only the controls' threshold is low enough.
#[test]
fn a_notice_that_leaves_buttons_has_its_own_safe_threshold() {
    let notice = "About cookies on this site\n\
                  Some features need cookies to work.\n\
                  We use them to remember your choices.\n";
    let page = |buttons: &str| {
        format!(
            "The town hall will open on Saturday mornings from March, the mayor said.\n\n\
             {notice}{buttons}\n\
             Residents can book appointments online or by phone from Monday.\n"
        )
    };
    let applicability = |plugin: &CookieBanner, text: &str| {
        let findings = check(plugin, text);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        findings[0].fix.as_ref().map(|f| f.0)
    };
    // (SAFE, SAFE_CONTROLS, the notice with its buttons, the same without them.)
    let cases = [
        (1.0, 0.5, Applicability::Safe, Applicability::Unsafe),
        (0.5, 1.0, Applicability::Unsafe, Applicability::Safe),
    ];
    for (safe, safe_controls, with_buttons, without) in cases {
        let mut plugin = plugin();
        plugin.thresholds.safe = safe;
        plugin.thresholds.safe_controls = safe_controls;
        assert_eq!(
            applicability(&plugin, &page("Accept | Decline\n")),
            Some(with_buttons)
        );
        assert_eq!(applicability(&plugin, &page("")), Some(without));
    }
}

/// A notice is a block of its own: the wrapped last lines of an article paragraph above it,
/// probable for the privacy words they hold, do not join it, as they continue a sentence that
/// starts outside it.
#[test]
fn a_notice_does_not_take_in_the_end_of_a_wrapped_sentence() {
    let page = "The slideshow starts in full screen. Every few seconds a new image is shown, and\n\
                you can move between the images with the arrow keys.\n\n\
                Each image stays on screen for five seconds by default, a value the slideshow keeps\n\
                between sessions. For more information about your privacy choices, see the preferences\n\
                topic of the slideshow help.\n\n\
                We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.\n\
                Accept all cookies | Manage preferences\n";
    let findings = check(&plugin(), page);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].lines, (8, 9), "{:#?}", findings[0]);
    assert!(crate::text::continues(
        "a value the slideshow keeps",
        "between sessions."
    ));
    assert!(!crate::text::continues("the arrow keys.", "you can"));
    assert!(!crate::text::continues(
        "a value the slideshow keeps",
        "Between sessions."
    ));
}

/// A finding names the notice's language: a phrase English shares with other lexicons is
/// English, and a row of buttons whose language neither the lexicons nor the identifier name
/// is `und`, never some lexicon's language picked by its place in a list.
#[test]
fn names_the_language_only_when_something_shows_it() {
    let article = "The city council voted on Tuesday to expand the bike lane network across the \
                   northern districts, a plan that had been debated for nearly two years.\n\n\
                   Supporters said the new lanes would make commuting safer, while some shop \
                   owners worried about the loss of parking spaces along the main avenue.\n\n";
    let cases = [
        ("Privacy Policy | Cookie Policy\n", "en"),
        ("Got it!\n", "und"),
    ];
    for (notice, language) in cases {
        let findings = check(&plugin(), &format!("{article}{notice}"));
        assert_eq!(findings.len(), 1, "{notice}: {findings:#?}");
        assert_eq!(findings[0].language.as_deref(), Some(language), "{notice}");
        assert!(
            findings[0].message.contains(&format!("({language})")),
            "{}",
            findings[0].message
        );
    }
}

/// The lines between two parts of one notice (its category panels, between its text and its
/// buttons) join it together when each is probable enough, not only one line alone.
#[test]
fn a_run_of_lines_between_two_parts_of_a_notice_joins_it() {
    let lines = [
        "An article sentence that has nothing to do with any notice at all, about the river.",
        "",
        "We use cookies to give you the best experience. Accept all or manage your choices.",
        "",
        "Analytics",
        "Helps us count visits.",
        "",
        "Accept all | Reject all",
    ];
    let text = lines.join("\n") + "\n";
    let plugin = plugin();
    // Probabilities: the text and the buttons are members, the two panel lines are not
    // probable enough to join alone, and each reaches the sandwich threshold.
    // (A notice's lines run from its first to its last, the blank ones between included.)
    let p = [0.0, 0.0, 0.99, 0.0, 0.2, 0.15, 0.0, 0.99];
    let flagged = plugin.decide(&text, &p, 0.6, 0.35, 0.1);
    assert_eq!(flagged, [false, false, true, true, true, true, true, true]);
    // One of them under it: the run stays out, and the notice is two.
    let p = [0.0, 0.0, 0.99, 0.0, 0.2, 0.05, 0.0, 0.99];
    let flagged = plugin.decide(&text, &p, 0.6, 0.35, 0.1);
    assert_eq!(
        flagged,
        [false, false, true, false, false, false, false, true]
    );
}

#[test]
fn a_bullet_or_separator_is_no_close_mark() {
    for mark in ["X", "x", "×", "✕", "OK", "Ad", "关闭"] {
        assert!(crate::text::is_mark(mark), "{mark:?}");
    }
    for line in ["-", "|", "»", "--", "•", ".", "Accept"] {
        assert!(!crate::text::is_mark(line), "{line:?}");
    }
}

#[test]
fn a_separator_next_to_a_notice_stays_with_the_page() {
    // A page of one line per item, its items set apart by "-" lines: the separator under the
    // notice's buttons is the page's layout, and the fix leaves it.
    let text = "We use cookies to improve your experience on our site. By continuing to browse, \
                you agree to our use of cookies.\n\
                Accept all cookies\n\
                -\n\
                City council approves new budget for schools\n\
                -\n\
                Local team wins the championship after overtime\n";
    let found = check(&plugin(), text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].lines, (1, 2), "{found:?}");
}
