//! Reading settings (text size, line spacing, theme, face, line width): the model, its steps and limits, and the
//! text form it is stored in. Pure logic, tested natively; the browser side is in
//! `components/reading_controls.rs`.

/// The text sizes, in per mille of the base size: 87.5 % to 200 % (WCAG 1.4.4), one press each.
pub const SCALE_STEPS: [u16; 7] = [875, 1000, 1125, 1250, 1500, 1750, 2000];
/// The step of 100 %.
pub const DEFAULT_STEP: usize = 1;
/// The localStorage key the settings live under.
pub const STORAGE_KEY: &str = "okur.reading";

/// Line spacing of the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineSpacing {
    /// Tighter lines, more text on screen.
    Compact,
    /// The designed spacing.
    #[default]
    Normal,
    /// Looser lines, easier tracking.
    Relaxed,
}

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows the system's light or dark preference (`prefers-color-scheme`).
    #[default]
    System,
    /// Dark text on white.
    Light,
    /// Light text on near-black.
    Dark,
    /// Dark brown on cream.
    Sepia,
}

/// The type face of the article and its comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Face {
    /// The site's serif, as designed.
    #[default]
    Serif,
    /// The system's sans-serif.
    Sans,
    /// Atkinson Hyperlegible, made for low vision (self-hosted, downloaded only when chosen).
    Legible,
}

/// How long the article's lines may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineWidth {
    /// Shorter lines, easier to track.
    Narrow,
    /// The designed measure.
    #[default]
    Normal,
    /// Longer lines on wide screens.
    Wide,
}

impl Face {
    /// Every choice, in display order.
    pub const ALL: [Face; 3] = [Face::Serif, Face::Sans, Face::Legible];

    /// The stored name, also the `data-face` value of the page.
    pub fn key(self) -> &'static str {
        match self {
            Face::Serif => "serif",
            Face::Sans => "sans",
            Face::Legible => "legible",
        }
    }

    /// The choice with this key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }
}

impl LineWidth {
    /// Every choice, in display order.
    pub const ALL: [LineWidth; 3] = [LineWidth::Narrow, LineWidth::Normal, LineWidth::Wide];

    /// The stored name, also the `data-width` value of the page.
    pub fn key(self) -> &'static str {
        match self {
            LineWidth::Narrow => "narrow",
            LineWidth::Normal => "normal",
            LineWidth::Wide => "wide",
        }
    }

    /// The choice with this key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.key() == key)
    }
}

impl LineSpacing {
    /// Every choice, in display order.
    pub const ALL: [LineSpacing; 3] = [LineSpacing::Compact, LineSpacing::Normal, LineSpacing::Relaxed];

    /// The stored and the CSS name.
    pub fn key(self) -> &'static str {
        match self {
            LineSpacing::Compact => "compact",
            LineSpacing::Normal => "normal",
            LineSpacing::Relaxed => "relaxed",
        }
    }

    /// The CSS line-height of body text.
    pub fn line_height(self) -> &'static str {
        match self {
            LineSpacing::Compact => "1.4",
            LineSpacing::Normal => "1.65",
            LineSpacing::Relaxed => "1.95",
        }
    }

    /// The choice with this key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl Theme {
    /// Every choice, in display order.
    pub const ALL: [Theme; 4] = [Theme::System, Theme::Light, Theme::Dark, Theme::Sepia];

    /// The stored name, also the `data-theme` value of the page.
    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Sepia => "sepia",
        }
    }

    /// The choice with this key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// A reader's settings: which size step, spacing, theme, face and line width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingSettings {
    step: usize,
    /// Line spacing.
    pub spacing: LineSpacing,
    /// Colour theme.
    pub theme: Theme,
    /// Type face.
    pub face: Face,
    /// Line width.
    pub width: LineWidth,
}

impl Default for ReadingSettings {
    fn default() -> Self {
        ReadingSettings {
            step: DEFAULT_STEP,
            spacing: LineSpacing::default(),
            theme: Theme::default(),
            face: Face::default(),
            width: LineWidth::default(),
        }
    }
}

impl ReadingSettings {
    /// Settings at a size step, clamped into the scale.
    pub fn with_step(step: usize) -> Self {
        ReadingSettings { step: step.min(SCALE_STEPS.len() - 1), ..Self::default() }
    }

    /// The size step, an index into [`SCALE_STEPS`].
    pub fn step(self) -> usize {
        self.step
    }

    /// The text size in per mille of the base size.
    pub fn permille(self) -> u16 {
        SCALE_STEPS[self.step]
    }

    /// The factor CSS multiplies the base size by, e.g. `"1.125"`.
    pub fn css_scale(self) -> String {
        let permille = self.permille();
        let text = format!("{}.{:03}", permille / 1000, permille % 1000);
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }

    /// The level as readers see it: `"87.5 %"`, `"125 %"`.
    pub fn percent_label(self) -> String {
        let permille = self.permille();
        match permille % 10 {
            0 => format!("{} %", permille / 10),
            tenths => format!("{}.{} %", permille / 10, tenths),
        }
    }

    /// One step larger, stopping at the largest.
    pub fn increased(self) -> Self {
        ReadingSettings { step: (self.step + 1).min(SCALE_STEPS.len() - 1), ..self }
    }

    /// One step smaller, stopping at the smallest.
    pub fn decreased(self) -> Self {
        ReadingSettings { step: self.step.saturating_sub(1), ..self }
    }

    /// These settings after a control's action, written as in the stored form: `size=up`,
    /// `size=down`, `size=reset`, or a choice such as `face=legible`; none for an action that
    /// names nothing. An action that would change nothing is the choice made, or a size button
    /// at its end.
    pub fn act(self, action: &str) -> Option<Self> {
        let (key, value) = action.split_once('=')?;
        Some(match (key, value) {
            ("size", "up") => self.increased(),
            ("size", "down") => self.decreased(),
            ("size", "reset") => self.reset_size(),
            ("spacing", value) => ReadingSettings { spacing: LineSpacing::from_key(value)?, ..self },
            ("theme", value) => ReadingSettings { theme: Theme::from_key(value)?, ..self },
            ("face", value) => ReadingSettings { face: Face::from_key(value)?, ..self },
            ("width", value) => ReadingSettings { width: LineWidth::from_key(value)?, ..self },
            _ => return None,
        })
    }

    /// Back to 100 %, keeping the other settings.
    pub fn reset_size(self) -> Self {
        ReadingSettings { step: DEFAULT_STEP, ..self }
    }

    /// Whether a larger step exists.
    pub fn can_increase(self) -> bool {
        self.step + 1 < SCALE_STEPS.len()
    }

    /// Whether a smaller step exists.
    pub fn can_decrease(self) -> bool {
        self.step > 0
    }

    /// The stored form, e.g. `v1;size=1250;spacing=normal;theme=dark;face=legible;width=narrow`.
    pub fn to_stored(self) -> String {
        format!(
            "v1;size={};spacing={};theme={};face={};width={}",
            self.permille(),
            self.spacing.key(),
            self.theme.key(),
            self.face.key(),
            self.width.key()
        )
    }

    /// Reads a stored value. Whatever is corrupt, foreign or out of range falls back to its
    /// default, field by field; a value of another version falls back entirely.
    pub fn from_stored(stored: &str) -> Self {
        let mut settings = Self::default();
        let mut fields = stored.split(';');
        if fields.next() != Some("v1") {
            return settings;
        }
        for field in fields {
            match field.split_once('=') {
                Some(("size", value)) => {
                    if let Some(step) = value.parse::<u16>().ok().and_then(|p| SCALE_STEPS.iter().position(|&s| s == p))
                    {
                        settings.step = step;
                    }
                }
                Some(("spacing", value)) => settings.spacing = LineSpacing::from_key(value).unwrap_or_default(),
                Some(("theme", value)) => settings.theme = Theme::from_key(value).unwrap_or_default(),
                Some(("face", value)) => settings.face = Face::from_key(value).unwrap_or_default(),
                Some(("width", value)) => settings.width = LineWidth::from_key(value).unwrap_or_default(),
                _ => {}
            }
        }
        settings
    }
}

// Native only: proptest is not built for the browser target.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// index.html applies the stored settings before the first paint with its own copy of the
    /// sizes and line heights: they must be these.
    #[test]
    fn the_early_script_knows_every_size_and_spacing() {
        let html = include_str!("../index.html");
        let sizes = SCALE_STEPS.map(|s| s.to_string()).join("|");
        assert!(html.contains(&format!(";size=({sizes})(;|$)")), "index.html's sizes are not {sizes}");
        // Before the app is live, the same script answers A−, A+ and reset with the same steps.
        let steps = SCALE_STEPS.map(|s| s.to_string()).join(", ");
        assert!(html.contains(&format!("var steps = [{steps}];")), "index.html's steps are not {steps}");
        assert!(html.contains(&format!("\"font-reset\": {DEFAULT_STEP} }}")), "index.html resets to another step");
        assert!(html.contains(&format!("size = {}", SCALE_STEPS[DEFAULT_STEP])), "index.html starts at another size");
        let last = SCALE_STEPS.len() - 1;
        assert!(
            html.contains(&format!("Math.min(i + 1, {last})")) && html.contains(&format!("i == {last} :")),
            "index.html's last step"
        );
        for spacing in LineSpacing::ALL {
            assert!(html.contains(&format!("{}: \"{}\"", spacing.key(), spacing.line_height())), "{spacing:?}");
        }
        let keys = |keys: &[&str]| keys.join("|");
        let faces = keys(&Face::ALL.map(Face::key));
        assert!(html.contains(&format!("/;face=({faces})(;|$)/")), "index.html's faces are not {faces}");
        let widths = keys(&LineWidth::ALL.map(LineWidth::key));
        assert!(html.contains(&format!("/;width=({widths})(;|$)/")), "index.html's widths are not {widths}");
        assert!(html.contains(STORAGE_KEY));
    }

    #[test]
    fn the_scale_runs_from_seven_eighths_to_double() {
        assert_eq!(ReadingSettings::with_step(0).css_scale(), "0.875");
        assert_eq!(ReadingSettings::default().css_scale(), "1");
        assert_eq!(ReadingSettings::with_step(2).css_scale(), "1.125");
        assert_eq!(ReadingSettings::with_step(6).css_scale(), "2");
        assert_eq!(ReadingSettings::with_step(0).percent_label(), "87.5 %");
        assert_eq!(ReadingSettings::with_step(3).percent_label(), "125 %");
        assert!(SCALE_STEPS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn steps_stop_at_the_ends() {
        let mut s = ReadingSettings::default();
        for _ in 0..20 {
            s = s.increased();
        }
        assert_eq!(s.permille(), 2000);
        assert!(!s.can_increase() && s.can_decrease());
        for _ in 0..20 {
            s = s.decreased();
        }
        assert_eq!(s.permille(), 875);
        assert!(s.can_increase() && !s.can_decrease());
        assert_eq!(s.reset_size().permille(), 1000);
    }

    #[test]
    fn reset_keeps_the_other_settings() {
        let s = ReadingSettings {
            step: 5,
            spacing: LineSpacing::Relaxed,
            theme: Theme::Sepia,
            face: Face::Legible,
            width: LineWidth::Wide,
        };
        assert_eq!(s.reset_size(), ReadingSettings { step: DEFAULT_STEP, ..s });
    }

    #[test]
    fn actions_are_read_from_their_text() {
        let s = ReadingSettings::default();
        assert_eq!(s.act("size=up").map(ReadingSettings::permille), Some(1125));
        assert_eq!(s.act("size=down").map(ReadingSettings::permille), Some(875));
        assert_eq!(s.act("size=reset"), Some(s));
        assert_eq!(s.act("face=legible").map(|s| s.face), Some(Face::Legible));
        assert_eq!(s.act("width=wide").map(|s| s.width), Some(LineWidth::Wide));
        assert_eq!(s.act("theme=sepia").map(|s| s.theme), Some(Theme::Sepia));
        assert_eq!(s.act("spacing=compact").map(|s| s.spacing), Some(LineSpacing::Compact));
        for garbage in ["", "size", "size=huge", "face=comic", "colour=red", "=", "face=", "theme=Dark"] {
            assert_eq!(s.act(garbage), None, "{garbage}");
        }
        // A press that changes nothing: the choice made, or a size at its end.
        assert_eq!(s.act("theme=system"), Some(s));
        assert_eq!(ReadingSettings::with_step(6).act("size=up"), Some(ReadingSettings::with_step(6)));
        // A choice changes its setting alone.
        let picked = ReadingSettings::with_step(3).act("face=legible").and_then(|s| s.act("width=narrow")).unwrap();
        assert_eq!((picked.step(), picked.theme, picked.spacing), (3, Theme::System, LineSpacing::Normal));
    }

    #[test]
    fn stored_values_round_trip_and_garbage_falls_back() {
        let s = ReadingSettings {
            step: 4,
            spacing: LineSpacing::Compact,
            theme: Theme::Dark,
            face: Face::Sans,
            width: LineWidth::Narrow,
        };
        assert_eq!(s.to_stored(), "v1;size=1500;spacing=compact;theme=dark;face=sans;width=narrow");
        assert_eq!(ReadingSettings::from_stored(&s.to_stored()), s);
        for garbage in
            ["", "{\"size\":3}", "v2;size=1500", "v1;size=1100", "v1;size=99999", "v1;size=-1", "null", "v1;size=1500x"]
        {
            assert_eq!(ReadingSettings::from_stored(garbage).permille(), 1000, "{garbage}");
        }
        // One bad field spoils only itself.
        let partly = ReadingSettings::from_stored("v1;size=1750;spacing=huge;theme=dark;face=comic;width=wide");
        assert_eq!((partly.permille(), partly.spacing, partly.theme), (1750, LineSpacing::Normal, Theme::Dark));
        assert_eq!((partly.face, partly.width), (Face::Serif, LineWidth::Wide));
        // A value stored before faces and widths existed reads as it did, with their defaults.
        let older = ReadingSettings::from_stored("v1;size=1250;spacing=relaxed;theme=sepia");
        assert_eq!((older.permille(), older.face, older.width), (1250, Face::Serif, LineWidth::Normal));
    }

    proptest! {
        #[test]
        fn any_press_sequence_stays_on_the_scale(start in 0usize..20, presses in proptest::collection::vec(any::<bool>(), 0..40)) {
            let mut s = ReadingSettings::with_step(start);
            for up in presses {
                let before = s.step();
                s = if up { s.increased() } else { s.decreased() };
                prop_assert!(s.step() < SCALE_STEPS.len());
                prop_assert!(s.step().abs_diff(before) <= 1);
                prop_assert!((875..=2000).contains(&s.permille()));
            }
        }

        #[test]
        fn any_stored_text_parses_to_valid_settings(text in ".{0,80}") {
            let s = ReadingSettings::from_stored(&text);
            prop_assert!(SCALE_STEPS.contains(&s.permille()));
            // Whatever was read writes back to the same settings.
            prop_assert_eq!(ReadingSettings::from_stored(&s.to_stored()), s);
        }

        #[test]
        fn stored_settings_round_trip(step in 0usize..7, spacing in 0usize..3, theme in 0usize..4, face in 0usize..3, width in 0usize..3) {
            let s = ReadingSettings {
                step,
                spacing: LineSpacing::ALL[spacing],
                theme: Theme::ALL[theme],
                face: Face::ALL[face],
                width: LineWidth::ALL[width],
            };
            prop_assert_eq!(ReadingSettings::from_stored(&s.to_stored()), s);
        }
    }
}
