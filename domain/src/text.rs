//! Text similarity and search terms for Chinese text, which has no spaces between its words:
//! both work on character bigrams. Nothing here knows what the text belongs to; a demand, a
//! project or a resource is compared and searched the same way.

use std::collections::{BTreeSet, HashMap, HashSet};

/// Dice similarity at or above which a text is offered as similar. Measured on the 58 demands
/// of `data/demands-zh.tsv`: of the 169 pairs of different demands in the same category, 4
/// reach it, each a related problem worth showing (楼道灯不亮 / 路灯不亮); rewordings of one
/// problem score 0.15–0.30. A false suggestion costs a glance, a missed one a duplicate.
pub const SIMILARITY_THRESHOLD: f64 = 0.12;

/// How many similar records [`most_similar`] offers (the API's `similar` on create).
pub const MAX_SIMILAR: usize = 5;

/// Words in nearly every resident's text (in a third of the sample demands, 希望 alone) that
/// say nothing about what it is about; left in, they make unrelated texts look alike.
const STOP_WORDS: &[&str] = &[
    "希望", "建议", "小区", "社区", "居民", "住户", "我们", "没有", "经常", "很多", "影响", "问题", "一个", "已经",
    "非常", "一直", "不少",
];

/// Function characters: they join words but do not name anything.
const STOP_CHARS: &[char] = &['的', '了', '和', '与', '也', '都', '很', '在', '是', '把', '被', '就', '还', '又', '着'];

/// Full-width ASCII (３号楼, ＷｉＦｉ) as typed by Chinese input methods, folded to ASCII so it
/// matches the half-width spelling.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The character bigrams of `text`, the words a Chinese text has without spaces between
/// them. Whitespace, punctuation, stop words and stop characters break the text into runs,
/// and bigrams never span a break; ASCII is lowercased, so `WiFi` and `wifi` share theirs.
pub fn bigrams(text: &str) -> HashSet<(char, char)> {
    let mut folded: String = text.chars().map(|c| fold_width(c).to_ascii_lowercase()).collect();
    for word in STOP_WORDS {
        folded = folded.replace(word, " ");
    }
    let mut out = HashSet::new();
    let mut previous: Option<char> = None;
    for c in folded.chars() {
        if !c.is_alphanumeric() || STOP_CHARS.contains(&c) {
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            out.insert((p, c));
        }
        previous = Some(c);
    }
    out
}

/// Dice's coefficient of the two texts' bigrams, 0.0–1.0. Pass a record's title and
/// description joined by a space. Dice rather than Jaccard: it spreads the low scores that
/// short, differently worded texts get, where the threshold has to sit.
pub fn similarity(a: &str, b: &str) -> f64 {
    dice(&bigrams(a), &bigrams(b))
}

fn dice(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f64 {
    if a.is_empty() || b.is_empty() {
        // Nothing to compare is no evidence of a duplicate.
        return 0.0;
    }
    let shared = a.intersection(b).count();
    (2 * shared) as f64 / (a.len() + b.len()) as f64
}

/// Fewer candidates than this say too little about which words are common among them.
const COMMON_EVIDENCE: usize = 8;
/// A bigram in at most this share of the candidates counts fully; one in [`COMMONEST`] or
/// more counts nothing, and the weight falls in a line between.
const RARE: f64 = 0.1;
const COMMONEST: f64 = 0.5;

/// How much each bigram of the candidates counts: words common to a community's demands
/// (单元, 门口 where every demand names its entrance) say nothing about which problem a text
/// is, so a shared common word must not make two texts look alike (the walk found "单元门口"
/// offered 单元门禁损坏). Rare words count fully, which keeps [`SIMILARITY_THRESHOLD`]'s
/// calibration for them.
fn weights(candidates: &[HashSet<(char, char)>]) -> HashMap<(char, char), f64> {
    let mut df: HashMap<(char, char), usize> = HashMap::new();
    for grams in candidates {
        for g in grams {
            *df.entry(*g).or_default() += 1;
        }
    }
    if candidates.len() < COMMON_EVIDENCE {
        return HashMap::new();
    }
    let n = candidates.len() as f64;
    df.into_iter()
        .map(|(g, count)| {
            let share = count as f64 / n;
            (g, ((COMMONEST - share) / (COMMONEST - RARE)).clamp(0.0, 1.0))
        })
        .collect()
}

/// Dice's coefficient with each bigram counted by its weight (1 when unweighted).
fn weighted_dice(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>, w: &HashMap<(char, char), f64>) -> f64 {
    let weight = |g: &(char, char)| w.get(g).copied().unwrap_or(1.0);
    let total: f64 = a.iter().chain(b.iter()).map(weight).sum();
    if total <= 0.0 {
        return 0.0;
    }
    2.0 * a.intersection(b).map(weight).sum::<f64>() / total
}

/// The candidates similar to `text` (each given as title and description joined by a space),
/// most similar first, at most [`MAX_SIMILAR`]. Ties keep the candidates' order, so the caller
/// decides (e.g. most co-signed first). The caller picks the candidates (for a demand: live
/// demands of the same community and category); words common among them count less.
pub fn most_similar<T, S: AsRef<str>>(text: &str, candidates: impl IntoIterator<Item = (T, S)>) -> Vec<(T, f64)> {
    let mine = bigrams(text);
    let candidates: Vec<(T, HashSet<(char, char)>)> =
        candidates.into_iter().map(|(item, other)| (item, bigrams(other.as_ref()))).collect();
    let grams: Vec<HashSet<(char, char)>> = candidates.iter().map(|(_, g)| g.clone()).collect();
    let w = weights(&grams);
    let mut scored: Vec<(T, f64)> = candidates
        .into_iter()
        .map(|(item, other)| {
            let score = if mine.is_empty() || other.is_empty() { 0.0 } else { weighted_dice(&mine, &other, &w) };
            (item, score)
        })
        .filter(|(_, score)| *score >= SIMILARITY_THRESHOLD)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(MAX_SIMILAR);
    scored
}

/// The search terms of a text: every character bigram of its runs of letters and digits,
/// width-folded and lowercased. Unlike [`bigrams`], stop words stay: a search for 小区 must
/// find 小区. A record is indexed by the terms of its title and description, and a search
/// `q` can only match records that hold every term of `q`: the terms of a substring are a
/// subset of the terms of the text. A single character has no term (it is searched by
/// reading its scope).
pub fn search_terms(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut previous: Option<char> = None;
    for c in text.chars().map(|c| fold_width(c).to_ascii_lowercase()) {
        if !c.is_alphanumeric() {
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            out.insert(String::from_iter([p, c]));
        }
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Title and description, as the API passes them.
    fn text(title: &str, description: &str) -> String {
        format!("{title} {description}")
    }

    #[test]
    fn similar_demands_share_words() {
        assert!(similarity("楼道堆放杂物无人清理", "楼道里堆满杂物") >= SIMILARITY_THRESHOLD);
        assert!(similarity("楼道堆放杂物无人清理", "路灯不亮") < SIMILARITY_THRESHOLD);
        assert_eq!(similarity("路灯不亮", "路灯不亮"), 1.0);
        assert_eq!(similarity("", "路灯不亮"), 0.0);

        // From data/demands-zh.tsv, against a resident's rewording of the same problem.
        let clutter =
            text("楼道堆放杂物无人清理", "3号楼2单元楼道长期堆放纸箱和旧家具,影响通行,也有消防隐患,希望组织清理。");
        let clutter_again = text("楼道里堆满杂物", "单元楼道里堆满了纸箱、旧自行车,没人管,希望清理一下");
        let lamps = text("路灯不亮", "小区西侧小路的三盏路灯不亮,晚上回家很黑,希望尽快维修。");
        let lamps_again = text("西边小路路灯坏了", "晚上路灯一直不亮,走路看不见");
        let lift = text("电梯经常故障", "电梯三天两头坏,有一次还困过人,物业只是简单维修,希望彻底检修。");
        let lift_again = text("电梯又坏了", "我们楼的电梯经常坏,上周困人了,物业修不好");
        let dance = text("广场舞噪音扰民", "晚上广场舞音响声音太大,影响周边居民休息,希望规定时间和音量。");
        let reading = text("社区图书室开放时间短", "社区图书室只在工作日白天开放,上班族用不上,希望延长开放时间。");
        let children = text("没有儿童活动场地", "小区孩子很多,却没有任何儿童游乐设施,希望建设儿童活动区。");
        let elderly = text("缺少老年活动室", "老人们想下棋打牌,却没有室内活动场所,希望开放一间活动室。");

        for (a, b) in [(&clutter, &clutter_again), (&lamps, &lamps_again), (&lift, &lift_again)] {
            assert!(similarity(a, b) >= SIMILARITY_THRESHOLD, "{a} ~ {b}: {}", similarity(a, b));
        }
        for (a, b) in [(&clutter, &lamps), (&dance, &reading), (&children, &elderly), (&lift, &clutter_again)] {
            assert!(similarity(a, b) < SIMILARITY_THRESHOLD, "{a} !~ {b}: {}", similarity(a, b));
        }
        assert!(similarity(&clutter, &clutter_again) > similarity(&clutter, &lamps));
    }

    #[test]
    fn bigrams_skip_punctuation_stop_words_and_case() {
        let grams = bigrams("希望修路灯，WiFi坏了!");
        assert!(grams.contains(&('路', '灯')));
        assert!(grams.contains(&('i', '坏')), "ASCII and Chinese written together are one run");
        assert!(grams.contains(&('w', 'i')) && grams.contains(&('f', 'i')));
        assert!(!grams.contains(&('希', '望')) && !grams.contains(&('望', '修')), "stop words break the text");
        assert!(!grams.contains(&('灯', '，')) && !grams.contains(&('坏', '了')));
        assert_eq!(bigrams("３号楼"), bigrams("3号楼"), "full-width digits fold to ASCII");
        assert!(bigrams("灯").is_empty());
    }

    #[test]
    fn most_similar_ranks_and_cuts() {
        let new = "楼道里堆满杂物 纸箱没人清理";
        let candidates = vec![
            (1, "楼道堆放杂物无人清理".to_owned()),
            (2, "路灯不亮".to_owned()),
            (3, "楼道杂物".to_owned()),
            (4, "楼道杂物清理".to_owned()),
            (5, "堆满杂物的楼道".to_owned()),
            (6, "楼道纸箱杂物".to_owned()),
            (7, "杂物清理".to_owned()),
        ];
        let ranked = most_similar(new, candidates);
        assert_eq!(ranked.len(), MAX_SIMILAR);
        assert!(ranked.iter().all(|(id, score)| *id != 2 && *score >= SIMILARITY_THRESHOLD));
        assert!(ranked.windows(2).all(|w| w[0].1 >= w[1].1), "most similar first");
    }

    #[test]
    fn words_common_to_the_candidates_do_not_make_texts_alike() {
        // A community whose demands all name their building's entrance (单元门口).
        let mut candidates: Vec<(usize, String)> = [
            "3号楼单元门口垃圾桶满了",
            "5号楼单元门口路面塌陷",
            "单元门口停满电动车",
            "7号楼单元门口台阶破损",
            "单元门口照明不足",
            "2号楼单元门口积水",
            "单元门口小广告太多",
            "9号楼单元门口有老鼠",
            "绿化带杂草丛生",
            "健身器材损坏",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| (i, (*t).to_owned()))
        .collect();
        candidates.push((99, "单元门禁损坏".to_owned()));
        let offered: Vec<usize> = most_similar("单元门口", candidates.clone()).into_iter().map(|(i, _)| i).collect();
        assert!(!offered.contains(&99), "单元门口 is not 单元门禁损坏: {offered:?}");
        // A rare word still finds its twin among them.
        let rare: Vec<usize> = most_similar("门禁坏了 刷卡进不去", candidates.clone()).into_iter().map(|(i, _)| i).collect();
        assert_eq!(rare.first(), Some(&99));
        let puddle: Vec<usize> = most_similar("单元门口积水严重", candidates).into_iter().map(|(i, _)| i).collect();
        assert_eq!(puddle.first(), Some(&5), "积水 decides, not 单元门口");
        // With few candidates nothing is known to be common: plain Dice.
        let few = [(1, "单元门禁损坏")];
        assert_eq!(most_similar("单元门口", few).first().map(|(_, s)| *s), Some(similarity("单元门口", "单元门禁损坏")));
    }

    #[test]
    fn search_terms_are_the_bigrams_of_each_run() {
        let terms = search_terms("楼道灯不亮，ＷｉＦｉ差");
        let expected: BTreeSet<String> =
            ["楼道", "道灯", "灯不", "不亮", "wi", "if", "fi", "i差"].into_iter().map(String::from).collect();
        assert_eq!(terms, expected);
        assert!(search_terms("小区门口").contains("小区"), "stop words are searchable");
        assert!(search_terms("灯").is_empty(), "one character is no term");
    }

    proptest! {
        /// What makes the index safe to search through: nothing a substring search would
        /// find is left out by the terms.
        #[test]
        fn a_substring_holds_no_term_the_text_lacks(text in "[楼道灯不亮小区,，a-zA-Z0-9 ３Ｗ]{0,24}", start in 0usize..24, len in 0usize..24) {
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let end = (start + len).min(chars.len());
            let q: String = chars[start..end].iter().collect();
            prop_assert!(search_terms(&q).is_subset(&search_terms(&text)));
        }
    }
}
