-- Settings changes are domain events too (SettingsChanged, aggregate "settings"): settings are policy.
alter table outbox_events drop constraint outbox_events_aggregate_type_check;
alter table outbox_events add constraint outbox_events_aggregate_type_check
    check (aggregate_type in ('member', 'project', 'document', 'settings'));
