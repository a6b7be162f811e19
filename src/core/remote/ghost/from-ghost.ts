import type { Article, ArticleFields, FollowUpQuestion, Takeaway } from '../../../shared/article';
import { ASSET_FILE_PATTERN, ASSETS_FOLDER } from '../../../shared/assets';
import { doc, paragraph, text } from '../../../shared/lexical/build';
import type { SerializedNode, SerializedState } from '../../../shared/lexical/schema';
import { htmlToText } from '../../moderation/text';
import type { GhostPost } from './client';
import { QUESTIONS_HEADING, TAKEAWAYS_HEADING, type RenderLexicalHtml } from './lexical';

/** What a Ghost post says about an article, in our field names (for conflicts and "keep remote"). */
export type GhostArticleFields = Pick<ArticleFields, 'headline' | 'summary' | 'section' | 'tags'> & Partial<Pick<ArticleFields, 'body' | 'takeaways' | 'questions'>>;

const inlineText = (node: SerializedNode): string => (node.type === 'text' ? String(node.text ?? '') : (node.children ?? []).map(inlineText).join(''));
const isHeading = (node: SerializedNode | undefined, label: string) => (node?.type === 'heading' || node?.type === 'extended-heading') && inlineText(node).trim() === label;
const squash = (html: string) => htmlToText(html).replace(/\s+/g, ' ').trim();

/**
 * The inverse of ghostLexical: the takeaways heading and list, the body, and the questions'
 * toggle cards, read back from a post's `lexical` (requested with ?formats=lexical). Where the
 * post still says what the local article says (same text), the local value is kept as it is
 * (ids, formatting, answers' rich text), so only real differences show and nothing is lost.
 * Returns null when the post has no readable lexical.
 */
export function contentFromGhost(lexical: string | null | undefined, local: Article | null, renderHtml: RenderLexicalHtml): Pick<ArticleFields, 'body' | 'takeaways' | 'questions'> | null {
  let state: SerializedState;
  try {
    state = JSON.parse(lexical ?? '') as SerializedState;
  } catch {
    return null;
  }
  const nodes = Array.isArray(state?.root?.children) ? [...state.root.children] : null;
  if (!nodes) return null;

  const takeaways: Takeaway[] = [];
  if (isHeading(nodes[0], TAKEAWAYS_HEADING) && nodes[1]?.type === 'list') {
    nodes.shift();
    const list = nodes.shift()!;
    (list.children ?? []).forEach((item, i) => {
      const content = doc(paragraph(...(item.children ?? []).filter((c) => c.type !== 'list')));
      const mine = local?.takeaways[i];
      takeaways.push(mine && inlineText(mine.content.root) === inlineText(content.root) ? mine : { id: mine?.id ?? `ghost-takeaway-${i + 1}`, content });
    });
  }

  const questions: FollowUpQuestion[] = [];
  let questionsAt = nodes.length;
  for (let i = nodes.length - 1; i >= 0 && nodes[i]!.type === 'toggle'; i--) questionsAt = i;
  if (isHeading(nodes[questionsAt - 1], QUESTIONS_HEADING)) {
    nodes.slice(questionsAt).forEach((toggle, i) => {
      const question = squash(String(toggle.heading ?? ''));
      const content = String(toggle.content ?? '');
      const mine = local?.questions[i];
      const answer = mine && squash(renderHtml(mine.answer)) === squash(content) ? mine.answer : answerFromHtml(content);
      questions.push({ id: mine?.id ?? `ghost-question-${i + 1}`, question, answer });
    });
    nodes.splice(questionsAt - 1);
  }

  const localImages = (local?.body.root.children ?? []).filter((n) => n.type === 'image');
  let image = 0;
  const body = nodes.map((node) => (node.type === 'image' ? imageNode(node, localImages[image++]) : node));
  return { takeaways, body: doc(...(body.length > 0 ? body : [paragraph()])), questions };
}

/** A Koenig image card back to our image node: the uploaded file's name is the asset's name. */
function imageNode(card: SerializedNode, mine: SerializedNode | undefined): SerializedNode {
  const name = String(card.src ?? '').split('/').pop() ?? '';
  const src = ASSET_FILE_PATTERN.test(name) ? `${ASSETS_FOLDER}/${name}` : String(mine?.src ?? card.src ?? '');
  return {
    type: 'image',
    version: 1,
    src,
    altText: String(card.alt ?? ''),
    caption: squash(String(card.caption ?? '')),
    width: typeof card.width === 'number' ? card.width : (mine?.width ?? 0),
    height: typeof card.height === 'number' ? card.height : (mine?.height ?? 0),
  };
}

/** An answer edited in Ghost: its paragraphs as plain text (the toggle holds HTML). */
function answerFromHtml(html: string): SerializedState {
  const paragraphs = htmlToText(html)
    .split(/\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
  return doc(...(paragraphs.length > 0 ? paragraphs.map((p) => paragraph(text(p))) : [paragraph()]));
}

/** The article fields a Ghost post holds (title, excerpt, tags, and the content when readable). */
export function articleFromGhost(post: GhostPost, local: Article | null, renderHtml: RenderLexicalHtml): GhostArticleFields {
  const names = (post.tags ?? []).map((t) => t.name);
  // We send [section, ...tags]: when that is still what Ghost has, keep ours (the mapping is lossy).
  const ours = local ? [...new Set([local.section, ...local.tags].filter((t) => t !== ''))] : null;
  const unchangedTags = ours !== null && ours.length === names.length && ours.every((t, i) => t === names[i]);
  return {
    headline: post.title ?? '',
    summary: post.custom_excerpt ?? '',
    section: unchangedTags ? local!.section : (names[0] ?? ''),
    tags: unchangedTags ? local!.tags : names.slice(1),
    ...(contentFromGhost(post.lexical, local, renderHtml) ?? {}),
  };
}
