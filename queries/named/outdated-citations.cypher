// title: Citations by outdated names
// description: Every place where guidance names a law or a body by an outdated name (a bill since enacted, such as the Online Safety Bill, or a renamed organisation), with the current name, the words used, the sentence, the section and the harms linked from that sentence.
// param: region (string, optional): a region id or name; all regions when omitted
// example: skg query outdated-citations --param region="Richmond upon Thames"
MATCH (d:Document)-[:HAS_SECTION]->(s:Section)-[m:MENTIONS]->(n)
WHERE m.outdated_name = true
OPTIONAL MATCH (d)-[:COVERS]->(r:Region)
WITH d, s, m, n, collect(r) AS rs
WHERE $region IS NULL
   OR any(x IN rs WHERE x.id = $region OR x.id = 'region:' + $region OR toLower(x.name) = toLower($region))
OPTIONAL MATCH (n)-[:PART_OF]->(parent:Law)
OPTIONAL MATCH (h:Harm)-[l]->(n)
WHERE l.section = s.id
WITH d, s, m, n, rs, parent, h, l
ORDER BY h.name, l.evidence
WITH d, s, m, n, rs, parent, collect(DISTINCT h.name) AS harms, collect(DISTINCT l.evidence) AS link_evidence,
     split(s.text, m.surfaces[0]) AS parts
RETURN [x IN rs | x.name] AS regions, d.title AS document,
       CASE WHEN n:Provision THEN coalesce(parent.title, n.law_id) + ' s.' + n.section
            ELSE coalesce(n.title, n.name) END AS current_name,
       labels(n)[0] AS kind, m.surfaces AS cited_as, m.count AS times,
       coalesce(link_evidence[0], replace(CASE WHEN size(parts) > 1 THEN right(last(split(last(split(parts[0], '. ')), '\n\n')), 240) + m.surfaces[0] + left(head(split(head(split(parts[1], '. ')), '\n\n')), 240) ELSE s.heading END, '\n', ' ')) AS evidence,
       coalesce(s.number + ' ', '') + s.heading AS section, s.pages[0] AS page, harms,
       n.id AS id, d.id AS document_id
ORDER BY document, section, current_name
