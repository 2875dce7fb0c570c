// title: Gaps per document
// description: For every live document (not a copy, not a superseded edition), each harm it mentions: whether it links the harm to an offence (a law or provision), whether its text calls the harm an offence without naming a statute, whether it gives a reporting route for that harm, and the general reporting routes the document gives for any concern (agency names, and contact points as {kind, value, label, id}); with the regions the document covers. Joint guidance is one document, listed once.
// param: region (string, optional): a region id or name; all documents when omitted
// example: skg query document-gaps --param region="East Sussex"
MATCH (d:Document)-[:HAS_SECTION]->(s:Section)-[m:MENTIONS]->(h:Harm)
WHERE coalesce(d.canonical, true) = true
OPTIONAL MATCH (newer:Document)-[:SUPERSEDES]->(d)
WITH d, s, m, h, count(newer) AS newer_editions
WHERE newer_editions = 0
OPTIONAL MATCH (d)-[:COVERS]->(r:Region)
WITH d, s, m, h, collect(DISTINCT r) AS rs
WHERE $region IS NULL OR any(x IN rs WHERE x.id = $region OR toLower(x.name) = toLower($region))
WITH d, h, rs, s, m, split(s.text, m.surfaces[0]) AS parts
ORDER BY s.ordinal
WITH d, h, rs, collect(DISTINCT coalesce(s.number + ' ', '') + s.heading) AS sections,
     collect(replace(CASE WHEN size(parts) > 1 THEN right(last(split(last(split(parts[0], '. ')), '\n\n')), 240) + m.surfaces[0] + left(head(split(head(split(parts[1], '. ')), '\n\n')), 240) ELSE s.heading END, '\n', ' ')) AS sentences
OPTIONAL MATCH (h)-[o:MAY_CONSTITUTE]->()
WHERE o.document_id = d.id
WITH d, h, rs, sections, sentences, count(o) AS offences
OPTIONAL MATCH (h)-[v:REPORTED_VIA]->()
WHERE v.document_id = d.id
WITH d, h, rs, sections, sentences, offences, count(v) AS routes
OPTIONAL MATCH (d)-[:HAS_SECTION]->(:Section)-[c:CLAIMS_OFFENCE]->(h)
WITH d, h, rs, sections, sentences, offences, routes, count(c) AS claims
OPTIONAL MATCH (d)-[:GIVES_ROUTE]->(g)
WITH d, h, rs, sections, sentences, offences, routes, claims,
     collect(DISTINCT CASE WHEN g:ContactPoint
                           THEN {kind: g.kind, value: g.value, label: coalesce(g.label, g.name), id: g.id}
                           ELSE g.name END) AS general_routes
RETURN d.title AS document, [x IN rs | x.name] AS regions, h.name AS harm, h.category AS category,
       offences > 0 AS offence, claims > 0 AS offence_claimed, routes > 0 AS specific_route,
       general_routes, sentences[0] AS evidence, sections, d.id AS document_id, h.id AS harm_id
ORDER BY document, category, harm
