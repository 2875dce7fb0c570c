// title: Evidence for a harm's links
// description: For one harm (and optionally one region), every link from the harm to an offence or a reporting route, with the sentence that states it, the document, the section and the page.
// param: harm (string, required): a harm id or name, e.g. grooming or harm:grooming
// param: region (string, optional): a region id or name; all regions when omitted
// example: skg query evidence --param harm=grooming --param region="West Sussex"
MATCH (h:Harm)-[l]->(t)
WHERE (h.id = $harm OR h.id = 'harm:' + $harm OR toLower(h.name) = toLower($harm))
  AND (type(l) = 'MAY_CONSTITUTE' OR type(l) = 'REPORTED_VIA')
MATCH (d:Document {id: l.document_id})
OPTIONAL MATCH (d)-[:COVERS]->(r:Region)
WITH h, l, t, d, collect(r) AS rs
WHERE $region IS NULL
   OR any(x IN rs WHERE x.id = $region OR x.id = 'region:' + $region OR toLower(x.name) = toLower($region))
OPTIONAL MATCH (s:Section {id: l.section})
OPTIONAL MATCH (t)-[:PART_OF]->(law:Law)
OPTIONAL MATCH (t)-[:BELONGS_TO]->(owner:Agency)
RETURN h.name AS harm,
       CASE type(l) WHEN 'MAY_CONSTITUTE' THEN 'offence' ELSE 'reporting' END AS link,
       CASE WHEN t:Provision THEN coalesce(law.title, t.law_id) + ' s.' + t.section
            WHEN t:Law THEN t.title
            WHEN t:ContactPoint THEN coalesce(owner.name + ': ', '') + t.kind + ' ' + t.value
            ELSE t.name END AS target,
       l.evidence AS evidence, d.title AS document, [x IN rs | x.name] AS regions,
       coalesce(s.number + ' ', '') + coalesce(s.heading, '') AS section, l.page AS page,
       l.method AS method, l.confidence AS confidence,
       coalesce(l.outdated_name, false) AS outdated_name,
       coalesce(l.jurisdiction_mismatch, false) AS jurisdiction_mismatch,
       t.id AS target_id, d.id AS document_id
ORDER BY link, target, document, page
