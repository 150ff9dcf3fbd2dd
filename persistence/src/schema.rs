// Only the column types every backend shares (diesel MultiConnection): Text, BigInt,
// Integer, Bool, Timestamp. Keep in step with both migrations folders.

diesel::table! {
    org_units (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<Text>,
        path -> Text,
        community_type -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        verify_days -> Nullable<Integer>,
        answer_days -> Nullable<Integer>,
        disclosure_day -> Nullable<Integer>,
    }
}

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        unit_id -> Text,
        red_property -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        password_hash -> Text,
        display_name -> Text,
        phone -> Nullable<Text>,
        party_member -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        disabled -> Bool,
        auth_version -> BigInt,
        password_change_required -> Bool,
        elder_mode -> Bool,
    }
}

diesel::table! {
    idempotency_keys (user_id, idempotency_key) {
        user_id -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        status -> Nullable<BigInt>,
        location -> Nullable<Text>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    grants (id) {
        id -> Text,
        user_id -> Text,
        role -> Text,
        unit_id -> Text,
        organization_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    events (seq) {
        seq -> BigInt,
        id -> Text,
        entity -> Text,
        entity_id -> Text,
        action -> Text,
        actor_id -> Nullable<Text>,
        from_state -> Nullable<Text>,
        to_state -> Nullable<Text>,
        payload -> Text,
        unit_id -> Nullable<Text>,
        street_id -> Nullable<Text>,
        at -> Timestamp,
        tx -> BigInt,
    }
}

diesel::table! {
    event_consumers (name) {
        name -> Text,
        last_tx -> BigInt,
        last_seq -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        event_id -> Text,
        kind -> Text,
        entity -> Text,
        entity_id -> Text,
        title -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    coordination_cases (id) {
        id -> Text,
        unit_id -> Text,
        street_id -> Text,
        title -> Text,
        description -> Text,
        state -> Text,
        autonomy_org_id -> Nullable<Text>,
        property_org_id -> Nullable<Text>,
        community_confirmed -> Bool,
        autonomy_confirmed -> Bool,
        property_confirmed -> Bool,
        due_at -> Nullable<Timestamp>,
        resolution -> Nullable<Text>,
        demand_id -> Nullable<Text>,
        opened_by_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    case_messages (id) {
        id -> Text,
        case_id -> Text,
        author_id -> Text,
        party -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    faults (id) {
        id -> Text,
        project_id -> Text,
        unit_id -> Text,
        street_id -> Text,
        maintainer_org_id -> Text,
        title -> Text,
        description -> Text,
        state -> Text,
        reply -> Nullable<Text>,
        reported_by_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        due_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    volunteer_activities (id) {
        id -> Text,
        organization_id -> Text,
        unit_id -> Text,
        street_id -> Nullable<Text>,
        title -> Text,
        description -> Text,
        project_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        capacity -> BigInt,
        signed_up -> BigInt,
        state -> Text,
        cancel_reason -> Nullable<Text>,
        created_by_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    volunteer_signups (activity_id, user_id) {
        activity_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    service_records (id) {
        id -> Text,
        activity_id -> Text,
        user_id -> Text,
        minutes -> BigInt,
        recorded_by_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    disclosures (id) {
        id -> Text,
        street_id -> Text,
        number -> BigInt,
        period_start -> Text,
        period_end -> Text,
        snapshot -> Text,
        sha256 -> Text,
        previous_sha256 -> Nullable<Text>,
        published_by_id -> Nullable<Text>,
        published_at -> Timestamp,
    }
}

diesel::table! {
    stat_cells (unit_id, month, community_type) {
        unit_id -> Text,
        community_type -> Text,
        month -> Text,
        counts -> Text,
    }
}

diesel::table! {
    demand_terms (term, demand_id) {
        term -> Text,
        demand_id -> Text,
    }
}

diesel::table! {
    demands (id) {
        id -> Text,
        title -> Text,
        description -> Text,
        category -> Text,
        unit_id -> Text,
        community_id -> Text,
        street_id -> Text,
        state -> Text,
        source -> Text,
        author_id -> Nullable<Text>,
        author_name -> Text,
        filed_by_id -> Nullable<Text>,
        cosign_count -> BigInt,
        project_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        merged_into_id -> Nullable<Text>,
        reason -> Nullable<Text>,
        referred_to -> Nullable<Text>,
        due_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        listed -> Bool,
        author_phone -> Nullable<Text>,
    }
}

diesel::table! {
    demand_cosigns (demand_id, user_id) {
        demand_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    throttles (key) {
        key -> Text,
        attempts -> Integer,
        last_attempt_at -> Timestamp,
        blocked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    projects (id) {
        id -> Text,
        title -> Text,
        description -> Text,
        category -> Text,
        unit_id -> Text,
        street_id -> Text,
        plan -> Text,
        budget_fen -> BigInt,
        gov_funds_fen -> BigInt,
        funded_fen -> BigInt,
        required_approvals -> BigInt,
        beneficiaries -> BigInt,
        state -> Text,
        rework_round -> BigInt,
        progress_percent -> BigInt,
        completion_note -> Nullable<Text>,
        cancel_reason -> Nullable<Text>,
        maintainer_org_id -> Nullable<Text>,
        handed_over_at -> Nullable<Timestamp>,
        handover_state -> Nullable<Text>,
        handover_note -> Nullable<Text>,
        created_by_id -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    project_demands (project_id, demand_id) {
        project_id -> Text,
        demand_id -> Text,
    }
}

diesel::table! {
    project_progress (id) {
        id -> Text,
        project_id -> Text,
        note -> Text,
        percent -> BigInt,
        author_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    inspections (id) {
        id -> Text,
        project_id -> Text,
        round -> BigInt,
        inspector_id -> Text,
        organization_id -> Nullable<Text>,
        verdict -> Text,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ratings (project_id, user_id) {
        project_id -> Text,
        user_id -> Text,
        score -> BigInt,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    resources (id) {
        id -> Text,
        organization_id -> Text,
        kind -> Text,
        title -> Text,
        description -> Text,
        quantity -> BigInt,
        measure -> Text,
        allocated -> BigInt,
        withdrawn -> Bool,
        available_until -> Nullable<Timestamp>,
        unit_id -> Text,
        created_by_id -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        withdrawn_quantity -> BigInt,
    }
}

diesel::table! {
    claims (id) {
        id -> Text,
        project_id -> Text,
        resource_id -> Text,
        quantity -> BigInt,
        initiated_by -> Text,
        state -> Text,
        note -> Text,
        created_by_id -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        organization_id -> Text,
        name -> Text,
        prefix -> Text,
        secret_sha256 -> Text,
        created_by_id -> Nullable<Text>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_by_id -> Nullable<Text>,
    }
}

diesel::joinable!(demands -> org_units (unit_id));
diesel::joinable!(demand_cosigns -> demands (demand_id));
diesel::joinable!(demand_terms -> demands (demand_id));
diesel::joinable!(organizations -> org_units (unit_id));
diesel::joinable!(grants -> users (user_id));
diesel::joinable!(grants -> org_units (unit_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(coordination_cases -> org_units (unit_id));
diesel::joinable!(case_messages -> coordination_cases (case_id));
diesel::joinable!(case_messages -> users (author_id));
diesel::joinable!(faults -> projects (project_id));
diesel::joinable!(volunteer_signups -> volunteer_activities (activity_id));
diesel::joinable!(volunteer_signups -> users (user_id));
diesel::joinable!(service_records -> volunteer_activities (activity_id));
diesel::joinable!(service_records -> users (user_id));
diesel::joinable!(volunteer_activities -> organizations (organization_id));
diesel::joinable!(projects -> org_units (unit_id));
diesel::joinable!(project_demands -> projects (project_id));
diesel::joinable!(project_demands -> demands (demand_id));
diesel::joinable!(project_progress -> projects (project_id));
diesel::joinable!(inspections -> projects (project_id));
diesel::joinable!(ratings -> projects (project_id));
diesel::joinable!(resources -> org_units (unit_id));
diesel::joinable!(resources -> organizations (organization_id));
diesel::joinable!(claims -> projects (project_id));
diesel::joinable!(claims -> resources (resource_id));
diesel::joinable!(api_keys -> organizations (organization_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_keys,
    disclosures,
    org_units,
    organizations,
    users,
    grants,
    refresh_tokens,
    events,
    event_consumers,
    notifications,
    coordination_cases,
    case_messages,
    faults,
    volunteer_activities,
    volunteer_signups,
    service_records,
    demands,
    demand_cosigns,
    demand_terms,
    sessions,
    throttles,
    projects,
    project_demands,
    project_progress,
    inspections,
    ratings,
    resources,
    claims,
    idempotency_keys
);

// Figures grouped across a join (persistence::statistics).
diesel::allow_columns_to_appear_in_same_group_by_clause!(projects::unit_id, ratings::score);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    projects::unit_id,
    projects::state,
    claims::state,
    claims::resource_id
);
