//! The lessons the kit teaches, in the order of the notes.

use std::path::PathBuf;

use crate::workspace;

/// One lesson: a folder under `lessons/` with a package `lessonNN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    /// The lesson's number, from 1.
    pub number: u8,
    /// The topic: the folder is `lessons/NN-topic`.
    pub topic: &'static str,
    /// The English title.
    pub title: &'static str,
    /// The notes' Chinese title.
    pub title_zh: &'static str,
}

/// Every lesson, in order.
pub const LESSONS: &[Lesson] = &[
    Lesson::new(1, "single-exchange", "single exchange", "一次收发"),
    Lesson::new(2, "loop-chat", "loop chat", "循环聊天"),
    Lesson::new(3, "quit", "quit handling", "退出"),
    Lesson::new(4, "reconnect", "reconnect loop", "循环接客"),
    Lesson::new(5, "name-tags", "name tags", "名字标识"),
    Lesson::new(6, "colours", "colours", "不同好友不同颜色"),
    Lesson::new(7, "udp", "UDP chat", "UDP 聊天"),
    Lesson::new(8, "udp-errors", "UDP error cases", "UDP 报错"),
    Lesson::new(9, "framing", "message boundaries", "消息边界"),
    Lesson::new(10, "group-chat", "many friends at once", "多人聊天"),
    Lesson::new(
        11,
        "udp-reliable",
        "UDP that loses datagrams",
        "UDP 丢包与重传",
    ),
];

/// The lessons that have a scenario file (all of them, once the kit is complete).
pub fn with_scenarios() -> Vec<Lesson> {
    LESSONS
        .iter()
        .copied()
        .filter(|lesson| lesson.scenario_file().exists())
        .collect()
}

impl Lesson {
    const fn new(
        number: u8,
        topic: &'static str,
        title: &'static str,
        title_zh: &'static str,
    ) -> Lesson {
        Lesson {
            number,
            topic,
            title,
            title_zh,
        }
    }

    /// Finds a lesson by its number.
    pub fn find(number: u8) -> Option<Lesson> {
        LESSONS
            .iter()
            .copied()
            .find(|lesson| lesson.number == number)
    }

    /// The package name: `lesson01`.
    pub fn package(&self) -> String {
        format!("lesson{:02}", self.number)
    }

    /// The name of one of the lesson's programs: `lesson01-server`.
    pub fn program(&self, kind: &str) -> String {
        format!("lesson{:02}-{kind}", self.number)
    }

    /// The lesson's folder: `lessons/01-single-exchange`.
    pub fn dir(&self) -> PathBuf {
        workspace::root()
            .join("lessons")
            .join(format!("{:02}-{}", self.number, self.topic))
    }

    /// The lesson's scenario file.
    pub fn scenario_file(&self) -> PathBuf {
        self.dir().join("scenarios.txt")
    }

    /// How the lesson's programs talk: lessons 07, 08 and 11 use UDP.
    pub fn transport(&self) -> crate::engine::Transport {
        if matches!(self.number, 7 | 8 | 11) {
            crate::engine::Transport::Udp
        } else {
            crate::engine::Transport::Tcp
        }
    }

    /// Whether the lesson's programs take turns: one at its prompt reads only its keyboard.
    /// Every lesson but 10, the group chat, where messages arrive while one types: there
    /// no rule of `engine::stuck` applies.
    pub fn turn_based(&self) -> bool {
        self.number != 10
    }

    /// The lesson whose programs this one's start from: the one before, except where the
    /// notes end (lesson 09 is lesson 04's chat in lines, lesson 11 lesson 07's UDP chat).
    pub fn builds_on(&self) -> Option<Lesson> {
        match self.number {
            9 => Lesson::find(4),
            11 => Lesson::find(7),
            n => Lesson::find(n.checked_sub(1)?),
        }
    }

    /// The notes' lesson this one follows: itself up to 08, where the notes end; after
    /// that, the lesson it extends (its page shows that lesson's Python).
    pub fn notes_lesson(&self) -> u8 {
        match self.builds_on() {
            // Lesson 10 extends 09, which extends the notes' 04.
            Some(before) if self.number > 8 => before.notes_lesson(),
            _ => self.number,
        }
    }

    /// The title in the runner's language: English or the notes' Chinese.
    pub fn title_in_words(&self) -> &'static str {
        match crate::i18n::current() {
            crate::i18n::Lang::En => self.title,
            crate::i18n::Lang::Zh => self.title_zh,
        }
    }

    /// `lesson 01 · single exchange (一次收发)`, in the runner's language, for its reports
    /// (the transcripts, the same in every language, say [`Lesson::heading`]).
    pub fn heading_in_words(&self) -> String {
        crate::tr!(
            "lesson-heading",
            number = format!("{:02}", self.number),
            title = self.title,
            title_zh = self.title_zh
        )
    }

    /// `lesson 01 · single exchange (一次收发)`, as the transcripts say it.
    pub fn heading(&self) -> String {
        format!(
            "lesson {:02} · {} ({})",
            self.number, self.title, self.title_zh
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_group_chat_does_not_take_turns() {
        let chat = Lesson::find(10).expect("lesson 10");
        assert!(!chat.turn_based());
        assert!(
            LESSONS
                .iter()
                .filter(|lesson| lesson.number != 10)
                .all(Lesson::turn_based)
        );
    }

    #[test]
    fn the_lessons_beyond_the_notes_build_on_the_lesson_they_extend() {
        let on = |n: u8| {
            Lesson::find(n)
                .and_then(|l| l.builds_on())
                .map(|l| l.number)
        };
        assert_eq!(on(9), Some(4));
        assert_eq!(on(11), Some(7));
        assert_eq!(on(4), Some(3));
        assert_eq!(on(1), None);
        assert_eq!(Lesson::find(9).map(|l| l.notes_lesson()), Some(4));
        assert_eq!(Lesson::find(8).map(|l| l.notes_lesson()), Some(8));
        assert_eq!(Lesson::find(10).map(|l| l.notes_lesson()), Some(4));
        assert_eq!(
            Lesson::find(10).map(|l| l.transport()),
            Some(crate::engine::Transport::Tcp)
        );
        assert_eq!(
            Lesson::find(9).map(|l| l.transport()),
            Some(crate::engine::Transport::Tcp)
        );
    }
}
