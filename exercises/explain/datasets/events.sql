-- A multi-tenant SaaS event log: 100,000 events of 200 tenants in 2025 with a JSONB payload, and the same data partitioned by month.
--
-- Tenants are skewed (tenant 1 is the biggest customer), events are appended in time
-- order, and the payload is a small JSON document with a device, a country and tags.
-- Only primary keys are indexed; exercises add the indexes they teach.

create table events (
  id bigint primary key,
  tenant_id int not null,
  user_id int not null,
  kind text not null,
  created_at timestamp not null,
  payload jsonb not null
);

insert into events
select g,
       -- Tenant 1 has about 10% of all events; the rest are spread over 199 tenants.
       case when h % 10 = 0 then 1 else 2 + h % 199 end,
       1 + (hashint4(g * 3) & 2147483647) % 5000,
       (array['click', 'view', 'view', 'view', 'login', 'logout', 'purchase', 'search', 'share', 'error'])[1 + (hashint4(g * 5) & 2147483647) % 10],
       timestamp '2025-01-01' + (g - 1) * (interval '365 days' / 100000),
       jsonb_build_object(
         'device', (array['phone', 'phone', 'phone', 'desktop', 'desktop', 'tablet', 'tv'])[1 + (h / 7) % 7],
         'country', (array['de', 'fr', 'es', 'it', 'nl', 'se', 'pl', 'pt'])[1 + (h / 49) % 8],
         'tags', case when g % 500 = 0 then '["beta", "vip"]'::jsonb when g % 50 = 0 then '["beta"]'::jsonb else '[]'::jsonb end
       )
from (select g, (hashint4(g) & 2147483647) as h from generate_series(1, 100000) g) s;

-- The same kind of log, partitioned by month (declarative partitioning, PostgreSQL 10+).
create table events_by_month (
  id bigint not null,
  tenant_id int not null,
  kind text not null,
  created_at timestamp not null
) partition by range (created_at);

do $$
begin
  for m in 1..12 loop
    execute format(
      'create table events_by_month_2025_%s partition of events_by_month for values from (%L) to (%L)',
      lpad(m::text, 2, '0'),
      make_date(2025, m, 1),
      make_date(2025, m, 1) + interval '1 month'
    );
  end loop;
end
$$;

insert into events_by_month select id, tenant_id, kind, created_at from events where id % 2 = 0;

alter table events alter column id set statistics 400;
analyze;
