-- A people directory: 50,000 people with e-mail addresses in mixed case, badge numbers, and city and postcode columns that depend on each other, plus a 30-row table of countries.
--
-- The postcode decides the city (each of 200 postcodes belongs to one of 20 cities), the
-- kind of correlation the planner does not know about until it is told with
-- CREATE STATISTICS. Only primary keys are indexed; exercises add the indexes they teach.

create table people (
  id int primary key,
  first_name text not null,
  last_name text not null,
  email text not null,
  badge_no int not null,
  city text not null,
  zip text not null,
  country_code text not null,
  birth_year int not null
);

insert into people
select g,
       (array['Ada', 'Alan', 'Barbara', 'Charles', 'Donald', 'Edsger', 'Frances', 'Grace', 'John', 'Margaret', 'Niklaus', 'Radia', 'Tony', 'Xavier'])[1 + h % 14],
       (array['Allen', 'Backus', 'Codd', 'Dijkstra', 'Gray', 'Hamilton', 'Hoare', 'Hopper', 'Knuth', 'Liskov', 'Lovelace', 'Perlman', 'Stonebraker', 'Turing', 'Wirth'])[1 + (h / 14) % 15]
         || case when g > 15 then '-' || (g % 1000) else '' end,
       (array['Ada', 'Alan', 'Barbara', 'Charles', 'Donald', 'Edsger', 'Frances', 'Grace', 'John', 'Margaret', 'Niklaus', 'Radia', 'Tony', 'Xavier'])[1 + h % 14]
         || '.' || g || '@Example.COM',
       100000 + g,
       'City ' || lpad((z % 20)::text, 2, '0'),
       lpad((10000 + z * 7)::text, 5, '0'),
       (array['de', 'fr', 'es', 'it', 'nl', 'se', 'pl', 'pt', 'at', 'be'])[1 + (h / 3) % 10],
       1950 + h % 55
from (
  select g, (hashint4(g) & 2147483647) as h, (hashint4(g * 17) & 2147483647) % 200 as z
  from generate_series(1, 50000) g
) s;

create table countries (
  code text primary key,
  name text not null
);

insert into countries
select c, 'Country ' || upper(c)
from unnest(array['at', 'be', 'bg', 'ch', 'cy', 'cz', 'de', 'dk', 'ee', 'es', 'fi', 'fr', 'gr', 'hr', 'hu',
                  'ie', 'is', 'it', 'lt', 'lu', 'lv', 'mt', 'nl', 'no', 'pl', 'pt', 'ro', 'se', 'si', 'sk']) c;

alter table people alter column id set statistics 200;
analyze;
