-- A web shop: 20,000 customers, 1,000 products with skewed popularity, 100,000 orders over three years, 150,000 order items.
--
-- Every value is derived from the row number with hashint4 (a fixed hash), so the data is
-- the same on every machine. Orders are stored in date order, as a real shop appends them,
-- so created_at follows the physical order (correlation 1) while customer_id is scattered.
-- Only the primary keys are indexed: exercises add the indexes they teach.
--
-- The two big tables get their primary key after their rows, as PostgreSQL's advice for a
-- bulk load says ("Populating a Database": remove indexes, load, create them again): one
-- sorted index build (src/backend/access/nbtree/nbtsort.c) instead of a descent and an
-- insert per row, a third of the load's time here. orders' key comes out the same either
-- way (its ids arrive in order, and a page split at the right edge leaves the page as full
-- as a sorted build does); order_items' lines arrive line 1 of every order first, so
-- inserting would split pages half-empty, and the sorted build packs its leaves instead
-- (551 pages, not 698).

create table customers (
  id int primary key,
  name text not null,
  city text not null,
  signup_date date not null,
  is_vip boolean not null
);

insert into customers
select g,
       'Customer ' || g,
       -- A skewed city distribution: a few big cities and a long tail of small towns.
       case
         when h < 200 then 'Berlin'
         when h < 350 then 'Paris'
         when h < 450 then 'Madrid'
         when h < 530 then 'Rome'
         when h < 600 then 'Vienna'
         when h < 650 then 'Oslo'
         else 'Town ' || lpad((h % 60)::text, 2, '0')
       end,
       date '2020-01-01' + (g % 1800),
       g % 20 = 0
from (select g, (hashint4(g) & 2147483647) % 1000 as h from generate_series(1, 20000) g) s;

create table products (
  id int primary key,
  name text not null,
  category text not null,
  price numeric(10, 2) not null
);

insert into products
select g,
       'Product ' || g,
       (array['books', 'games', 'garden', 'kitchen', 'music', 'office', 'shoes', 'sports', 'tools', 'toys'])[1 + g % 10],
       (5 + (hashint4(g * 13) & 65535) % 20000 / 100.0)::numeric(10, 2)
from generate_series(1, 1000) g;

create table orders (
  id int not null,
  customer_id int not null,
  status text not null,
  total numeric(10, 2) not null,
  created_at timestamp not null,
  note text not null
);

insert into orders
select g,
       1 + (hashint4(g) & 2147483647) % 20000,
       case
         when g % 100 = 0 then 'pending'
         when g % 25 = 1 then 'cancelled'
         when g % 5 in (2, 3) then 'shipped'
         else 'delivered'
       end,
       (1 + (hashint4(g * 7) & 2147483647) % 50000 / 100.0)::numeric(10, 2),
       -- 100,000 orders spread evenly over 2023-01-01 .. 2025-12-31, in id order.
       timestamp '2023-01-01' + (g - 1) * (interval '1095 days' / 100000),
       md5(g::text) || md5((g * 31)::text)
from generate_series(1, 100000) g;

alter table orders add primary key (id);

create table order_items (
  order_id int not null,
  line int not null,
  product_id int not null,
  quantity int not null
);

-- One to three lines per order; product popularity follows a power law (product 1 is the bestseller).
insert into order_items
select o, l,
       1 + floor(1000 * power(((hashint4(o * 3 + l) & 2147483647) % 1000000) / 1000000.0, 3))::int,
       1 + (hashint4(o + l) & 3)
from generate_series(1, 100000) o, generate_series(1, 3) l
where l <= 1 + (hashint4(o * 5) & 2147483647) % 3 or l = 1;

alter table order_items add primary key (order_id, line);

-- ANALYZE samples 300 × the largest statistics target rows of a table; with a target of
-- 400 (orders) and 700 (order_items) every row is read, so the statistics, and every
-- estimate an exercise grades, come out the same on every build. Only the dataset's tables
-- are analyzed: the system catalogs keep the statistics initdb's own ANALYZE gave them, as
-- on a server before autovacuum next visits them (a database-wide ANALYZE spent a sixth of
-- its time on about sixty catalogs).
alter table orders alter column id set statistics 400;
alter table order_items alter column order_id set statistics 700;
analyze customers, products, orders, order_items;
