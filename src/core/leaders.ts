// 分管 read from the notice: a task prints its responsible leaders (tasks.leaders: 张三副区长, 区长, 李四同志, 区委常委、
// 常务副区长王五); the directory knows the district leaders by their display names (区领导 李强, 张三副区长, 王五). This
// matches the two, and is careful about Chinese names, which are two to four characters with nothing between words:
//
// 1. A display name is read into person names and titles: it is split at spaces and punctuation, and each piece
//    loses the leader titles it starts or ends with (区领导 李强 → name 李强, title 区领导; 张三副区长 → 张三 + 副区长).
//    What is left of a piece, if anything, is a name.
// 2. A printed leader names a person when that name occurs in it as a whole word: what comes before it is the start,
//    punctuation or the end of a title (…长, …记, …任, …委, …席, …导), and what comes after is the end, punctuation or
//    a title (副区长, 区长, 同志 …). So 张三 matches 张三副区长 and 副区长张三, but not 张三丰同志 (a three-character name
//    that begins with the same two) nor 李张三 (one that ends with them).
// 3. A printed leader that is only a title (区长, 常务副区长, 同志 stripped) names the executive whose display name
//    carries exactly that title — and only when exactly one does: a title two leaders share names nobody.
//
// Nothing is matched by similarity: a near miss is no match, since a wrong 分管 routes a leader's work to another.

/** Leader titles as notices and directories write them, longest first so the longest is stripped. */
const TITLES = [
  '区委常委',
  '常务副区长',
  '副区长',
  '区长',
  '区委副书记',
  '区委书记',
  '副书记',
  '书记',
  '区人大常委会主任',
  '区政协主席',
  '副主席',
  '主席',
  '副主任',
  '主任',
  '副秘书长',
  '秘书长',
  '区领导',
  '常委',
  '部长',
  '副部长',
  '同志',
].sort((a, b) => b.length - a.length);

/** Characters that separate words in a printed leader or a display name. */
const SEPARATOR = /[\s、，,；;：:·•（）()/]+/;
/** The last character of a title: a name may follow it directly (副区长张三). */
const TITLE_END = new Set(TITLES.map((t) => t.at(-1) as string));

export interface LeaderPerson {
  id: string;
  displayName: string;
}

export interface LeaderNames {
  names: string[];
  titles: string[];
}

/** Step 1: a display name's person names and titles. */
export function leaderNames(displayName: string): LeaderNames {
  const names: string[] = [];
  const titles: string[] = [];
  for (let piece of displayName.split(SEPARATOR)) {
    let stripped = true;
    while (stripped && piece.length > 0) {
      stripped = false;
      for (const title of TITLES) {
        if (piece.startsWith(title)) {
          titles.push(title);
          piece = piece.slice(title.length);
          stripped = true;
          break;
        }
        if (piece.endsWith(title) && piece.length > title.length) {
          titles.push(title);
          piece = piece.slice(0, -title.length);
          stripped = true;
          break;
        }
      }
    }
    if (piece.length >= 2) names.push(piece);
  }
  return { names, titles };
}

const startsWithTitle = (text: string) => TITLES.some((t) => text.startsWith(t));

/** Step 2: whether `name` occurs in `printed` as a whole word. */
export function namesPerson(printed: string, name: string): boolean {
  if (name.length < 2) return false;
  for (let at = printed.indexOf(name); at >= 0; at = printed.indexOf(name, at + 1)) {
    const before = printed.slice(0, at);
    const after = printed.slice(at + name.length);
    const beforeOk = before === '' || SEPARATOR.test(before.at(-1) as string) || TITLE_END.has(before.at(-1) as string);
    const afterOk = after === '' || SEPARATOR.test(after[0] as string) || startsWithTitle(after);
    if (beforeOk && afterOk) return true;
  }
  return false;
}

/** A printed leader without 同志 and spaces. */
const bare = (printed: string) => printed.replace(/\s+/g, '').replace(/同志$/, '');

/** Step 3: a printed leader that is a title and nothing else. */
function onlyTitle(printed: string): string | null {
  const text = bare(printed);
  return TITLES.includes(text) ? text : null;
}

/** The executives a task's printed leaders name (ids in the order of `people`, each once). */
export function matchLeaders(printed: readonly string[], people: readonly LeaderPerson[]): string[] {
  const read = people.map((p) => ({ id: p.id, ...leaderNames(p.displayName) }));
  const found = new Set<string>();
  for (const line of printed) {
    const text = bare(line);
    if (!text) continue;
    for (const p of read) if (p.names.some((n) => namesPerson(text, n))) found.add(p.id);
    const title = onlyTitle(line);
    if (title) {
      const holders = read.filter((p) => p.titles.includes(title));
      if (holders.length === 1) found.add((holders[0] as (typeof read)[number]).id);
    }
  }
  return people.filter((p) => found.has(p.id)).map((p) => p.id);
}
