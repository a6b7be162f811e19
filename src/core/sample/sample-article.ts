import type { ArticleImport } from '../../shared/article';
import { doc, heading, link, list, paragraph, quote, text, FORMAT } from '../../shared/lexical/build';

/**
 * The article a new workspace starts with. It is written in the shape Copydesk is built for:
 * a section label, a headline, key takeaways, a body, and follow-up questions whose answers
 * carry paragraphs, nested lists and sources. The city is fictional.
 */
export function sampleArticle(): ArticleImport {
  const takeaway = (id: string, ...content: Parameters<typeof paragraph>) => ({ id, content: doc(paragraph(...content)) });
  return {
    headline: 'Harbor City council approves $1.2 billion plan to replace every lead water pipe by 2031',
    section: 'Local News',
    summary:
      'After two years of hearings, the council voted 9–2 to fund the replacement of roughly 38,000 lead service lines, with the city covering the full cost for homeowners.',
    byline: ['Maya Okafor', 'Daniel Reyes'],
    tags: ['water', 'infrastructure', 'city council'],
    status: 'draft',
    takeaways: [
      takeaway('t1', 'On Tuesday the Harbor City council voted ', text('9–2', FORMAT.bold), ' to replace all of the city’s roughly 38,000 lead service lines by 2031.'),
      takeaway('t2', 'The $1.2 billion plan is paid for by federal infrastructure grants, a state revolving loan and a water-rate increase of about $4 a month.'),
      takeaway('t3', 'Homeowners will pay nothing for the replacement, reversing an earlier proposal that would have split the cost.'),
      takeaway('t4', 'Neighborhoods with the most children under six and the oldest housing stock go first, starting next spring.'),
      takeaway('t5', 'Two council members voted no, arguing that the rate increase falls hardest on renters.'),
    ],
    body: doc(
      paragraph(
        'HARBOR CITY — The city council on Tuesday approved a ',
        text('$1.2 billion', FORMAT.bold),
        ' plan to dig up and replace every lead pipe that carries drinking water into homes, ending a two-year debate over who should pay and which streets should come first.',
      ),
      paragraph(
        'The vote, 9–2, commits the city to replacing about 38,000 service lines — the short pipes that connect each house to the water main — by the end of 2031. Utility crews estimate they will need to reach roughly 25 homes a day to meet the deadline.',
      ),
      quote('“No parent in this city should have to wonder whether the water from their kitchen tap is safe,” council president Lorraine Abiodun said before the vote.'),
      heading('h2', 'Who pays'),
      paragraph(
        'Under an earlier draft, homeowners would have paid up to $3,000 each for the portion of pipe on their property. The final plan drops that charge entirely. Instead, the city will combine ',
        text('federal infrastructure grants', FORMAT.italic),
        ', a low-interest state loan, and a water-rate increase that the utility says will add about $4 to a typical monthly bill.',
      ),
      paragraph(
        'Council members Ray Tillman and Joanna Pike voted against the plan. Both said they supported replacing the pipes but not the rate increase, which they argued would fall hardest on renters who do not benefit from higher property values.',
      ),
      heading('h2', 'What happens next'),
      paragraph(
        'The water department will publish a block-by-block schedule in January. Residents can already check whether their home is on the lead inventory at the ',
        link('https://example.org/harbor-city/lead-lines', 'city’s lead service line map'),
        '.',
      ),
    ),
    questions: [
      {
        id: 'q1',
        question: 'What is a lead service line, and how do I know if I have one?',
        answer: doc(
          paragraph('A service line is the pipe that carries water from the main under the street into a single building. Homes built before the late 1980s are the most likely to have lead lines.'),
          paragraph('Ways to find out:'),
          list('bullet', [
            { content: ['Look up your address on the city’s lead inventory map.'] },
            {
              content: ['Check the pipe where it enters your basement, usually near the water meter:'],
              nested: {
                kind: 'bullet',
                items: [
                  { content: ['Lead is dull grey and soft: a key scratch shows shiny silver.'] },
                  { content: ['Copper looks like a penny; galvanized steel is hard and a magnet sticks to it.'] },
                ],
              },
            },
            { content: ['Call the water department and ask for a free inspection.'] },
          ]),
        ),
      },
      {
        id: 'q2',
        question: 'Why do the neighborhoods with young children go first?',
        answer: doc(
          paragraph('Lead is most harmful to young children, whose developing brains absorb it more readily. The plan ranks neighborhoods by:'),
          list('number', [
            { content: ['The share of households with children under six.'] },
            { content: ['The age of the housing stock.'] },
            {
              content: ['Past water test results, including:'],
              nested: { kind: 'bullet', items: [{ content: ['samples above the federal action level;'] }, { content: ['schools and child-care centers with elevated readings.'] }] },
            },
          ]),
          paragraph('Sources: the utility’s prioritization memo and the council’s public hearing record.'),
        ),
      },
      {
        id: 'q3',
        question: 'How does the rate increase affect renters?',
        answer: doc(
          paragraph('Renters usually pay water costs through their rent or a utility surcharge, so the increase reaches them indirectly.'),
          list('bullet', [
            { content: ['The utility estimates about $4 a month for a typical household.'] },
            {
              content: ['The plan includes two kinds of relief:'],
              nested: {
                kind: 'bullet',
                items: [{ content: ['a discount for households enrolled in the city’s low-income assistance program;'] }, { content: ['a cap on how much landlords may pass through in a single year.'] }],
              },
            },
          ]),
          paragraph('Critics on the council say the cap is too weak; supporters say it can be revisited when rates are next reviewed in 2027.'),
        ),
      },
      {
        id: 'q4',
        question: 'Is my tap water safe to drink in the meantime?',
        answer: doc(
          paragraph('The utility adds a corrosion inhibitor that coats the inside of old pipes, and most samples test below the federal action level. Until your line is replaced, the health department recommends:'),
          list('bullet', [
            { content: ['Running the cold tap for a minute or two if the water has sat for hours.'] },
            { content: ['Using only cold water for cooking and baby formula.'] },
            { content: ['Using a filter certified to remove lead, available free to qualifying households.'] },
          ]),
        ),
      },
    ],
  };
}
