//! Rule cases: lines the rule must flag, and lines it must leave alone (each says why).

use boilerlint_plugin::testing::check;
use boilerlint_plugin::{Applicability, Plugin};

use super::{AdNotice, Decision, Options};

fn flagged(text: &str) -> Vec<(usize, String)> {
    let plugin = AdNotice::new("").unwrap();
    check(&plugin, text)
        .into_iter()
        .map(|f| (f.lines.0, f.text))
        .collect()
}

#[test]
fn flags_labels_notices_and_sponsor_lines() {
    let text = "The minister spoke.\n\nAdvertisement\n\nCritics disagreed.\n\
                - ANZEIGE -\nStory continues below advertisement\n\
                Sponsored by Acme Insurance\n广告\nPUBLICIDAD\n\
                Mainos – artikkeli jatkuu alla\n【PR】50代からの資産運用\n";
    assert_eq!(
        flagged(text),
        [
            (3, "Advertisement".to_string()),
            (6, "- ANZEIGE -".to_string()),
            (7, "Story continues below advertisement".to_string()),
            (8, "Sponsored by Acme Insurance".to_string()),
            (9, "广告".to_string()),
            (10, "PUBLICIDAD".to_string()),
            (11, "Mainos – artikkeli jatkuu alla".to_string()),
            (12, "【PR】50代からの資産運用".to_string()),
        ]
    );
}

#[test]
fn labels_before_a_middle_dot_and_pointed_arabic_labels_are_found() {
    // A search or social network's label before the advertiser, and Arabic written with its
    // vowel points (the lexicon writes the label without them).
    let text = "The minister spoke.\n\nAd · www.example.com\n\n\
                Sponsored · Paid for by Example Foundation\n\nمُموَّل\n\n\
                Story continues below\n\nCritics disagreed.\n";
    assert_eq!(
        messages(text),
        [
            "ad label and teaser (en)",
            "ad label and teaser (en)",
            "ad marker \"مموّل\" (ar)",
            "ad notice (en): phrase 'story continues below'",
        ]
    );
    // A middle dot after a word that is no label is not one.
    assert!(
        messages("The minister spoke.\n\nNews · World · Europe\n\nCritics disagreed.\n").is_empty()
    );
}

/// The messages of the findings in `text`, in order.
fn messages(text: &str) -> Vec<String> {
    let plugin = AdNotice::new("").unwrap();
    check(&plugin, text)
        .into_iter()
        .map(|f| f.message)
        .collect()
}

#[test]
fn close_controls_and_short_labels_are_found_and_named() {
    let text = "The minister spoke.\n\nClose ad\n\nADVERT\n\nAnzeige schließen\n\n\
                Sponsored by Acme Insurance\n\nCritics disagreed.\n";
    assert_eq!(
        messages(text),
        [
            "ad notice (en): phrase 'close ad'",
            "ad marker \"ADVERT\" (en)",
            "ad notice (de): phrase 'anzeige schließen'",
            // A phrase of several lexicons is English.
            "sponsored-content notice (en): phrase 'sponsored by'",
        ]
    );
}

#[test]
fn plural_labels_and_skip_and_report_controls_are_found() {
    // Labels and controls as browsers and players translate them (the development part's
    // sources): plurals, skip and report controls.
    let text = "Rząd przyjął projekt ustawy.\n\nReklamy\n\nSkip Ad\n\n\
                Пропустити оголошення\n\nBu reklamı rapor et\n\nOpozycja krytykuje.\n";
    assert_eq!(
        messages(text),
        [
            // Polish, Czech and Slovak alike: no language is named.
            "ad marker \"Reklamy\"",
            "ad marker \"Skip Ad\" (en)",
            "ad notice (uk): phrase 'пропустити оголошення'",
            "ad notice (tr): phrase 'bu reklamı rapor et'",
        ]
    );
}

#[test]
fn finds_labels_with_decomposed_accents() {
    // "Quảng cáo" and "Publicité" with their accents as separate marks.
    let text = "Qua\u{309}ng ca\u{301}o\n\nPublicite\u{301}\n";
    let lines: Vec<usize> = flagged(text).into_iter().map(|(line, _)| line).collect();
    assert_eq!(lines, [1, 3]);
}

#[test]
fn leaves_sentences_about_advertising_alone() {
    let valid = [
        // A sentence that discusses advertising is longer than a notice.
        "Advertisement spending rose by 4 percent last year, the association said.\n",
        // A sponsor phrase inside a sentence, not opening a short line.
        "The festival, sponsored by the city, drew 20,000 visitors on its first weekend.\n",
        // An ad label inside running text.
        "Die Anzeige erschien am Montag in mehreren Zeitungen.\n",
    ];
    for text in valid {
        assert!(flagged(text).is_empty(), "{text}");
    }
    // German writes its nouns with a capital: "anzeigen" is the verb "show" ("Show source"),
    // not a form of the label "Anzeige"; "Anzeigen" standing alone is.
    let text = "Die Dokumentation beschreibt die Werkzeuge der Paketverwaltung.\n\n\
                Quellcode anzeigen\n";
    assert!(flagged(text).is_empty(), "{:?}", flagged(text));
    let text = "Die Dokumentation beschreibt die Werkzeuge der Paketverwaltung.\n\nAnzeigen\n";
    assert_eq!(flagged(text).len(), 1, "{:?}", flagged(text));
}

/// The model's weights are hashed: a word it never saw in an ad line can share its slot with
/// an ad word, and is still no learned ad word. Lines of a manual's index, each a short line
/// standing alone as labels do.
#[test]
fn words_no_ad_line_held_are_no_learned_ad_words() {
    let text = "Die folgenden Werkzeuge prüfen die Integrität der Dateien eines Systems.\n\n\
                md5sum(1)\n\n\
                1.4.3. Spezielle Tastendrücke\n\n\
                4.1. Normale Unix-Authentifizierung\n\n\
                outil universel Stéganographique\n\n\
                pippo2 = pluto\n";
    assert!(flagged(text).is_empty(), "{:?}", flagged(text));
    // The plugin knows the words of the dev part's ad lines.
    let plugin = AdNotice::new("").unwrap();
    assert!(plugin.ad_words.contains("advertisement"));
    assert!(!plugin.ad_words.contains("md5sum"));
    // With every line probable enough and every weight heavy enough, the list alone decides:
    // the same line is an ad label only for a plugin whose ad lines held its word.
    let text = "Die folgenden Werkzeuge prüfen die Integrität der Dateien.\n\nmd5sum(1)\n";
    let decide = |words: &[&str]| {
        let plugin = AdNotice::with_ad_words(&Options::default(), words).unwrap();
        let decision = Decision {
            model: &plugin.model,
            line: 0.0,
            word: f32::MIN,
        };
        plugin.decide(text, decision)
    };
    assert_eq!(decide(&[]), [false, false, false]);
    assert_eq!(decide(&["md5sum"]), [false, false, true]);
}

#[test]
fn long_sponsor_lines_get_an_unsafe_fix() {
    let plugin = AdNotice::new("").unwrap();
    let findings = check(
        &plugin,
        "Sponsored by the Regional Chamber of Commerce and Industry of the North\n",
    );
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].fix.as_ref().unwrap().0, Applicability::Unsafe);
}

#[test]
fn options_are_checked() {
    assert!(AdNotice::new("disable-languages = [\"de\"]").is_ok());
    assert!(AdNotice::new("disable-languages = [\"xx\"]").is_err());
    assert!(AdNotice::new("languages = []").is_err());
}

/// A sponsor phrase opens a line in a script written without spaces too (Thai `สนับสนุนโดย`,
/// "sponsored by"): such a phrase does not take in the space that pads a line's start.
#[test]
fn sponsor_phrases_of_unspaced_scripts_open_a_line() {
    let text = "The minister spoke.\n\nสนับสนุนโดย บริษัท เอ บี ซี\n\nCritics disagreed.\n";
    assert_eq!(
        messages(text),
        ["sponsored-content notice (th): phrase 'สนับสนุนโดย'"]
    );
}

#[test]
fn a_short_heading_that_opens_or_closes_with_a_label_is_one() {
    // A heading named by the label it closes with (Vietnamese puts it last), beside one that
    // opens with a form of a label (found as such); a label in the middle of a short sentence
    // is not one.
    let text = "The minister spoke.\n\nSponsored shortcuts\n\nCác lối tắt được tài trợ\n\n\
                Critics disagreed.\n";
    let found = messages(text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("ad label \"Sponsored shortcuts\""),
        "{found:?}"
    );
    assert!(
        found[1].contains("the label 'được tài trợ' closing it"),
        "{found:?}"
    );
    assert!(messages(
        "The minister spoke.\n\nNot an ad blocker, I am different\n\nCritics disagreed.\n"
    )
    .is_empty());
}

#[test]
fn a_list_item_is_judged_as_the_item_it_marks() {
    // Text extractors write a list item with a mark before it ("- " for trafilatura, "* " for
    // Markdown); the mark does not hide the label, nor make a sentence of a list a notice.
    let text = "The minister spoke.\n\n* Sponsored Ads\n\n• Sponsored shortcuts\n\n\
                - Advertising revenue fell by a third last year as readers moved online.\n\n\
                Critics disagreed.\n";
    let lines: Vec<usize> = flagged(text).into_iter().map(|(line, _)| line).collect();
    assert_eq!(lines, [3, 5]);
}
