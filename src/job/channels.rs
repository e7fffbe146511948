//! Input channels, as `fit(inputs=...)` builds them (facts §3.6): one S3 URI or one
//! TrainingInput-like mapping becomes the channel `training`; a map gives one channel per
//! entry, in order; `model_uri` appends the model channel. (The code channel of network
//! isolation is appended by lowering, since it carries the code's S3 URI.)

use crate::spec::{
    self, Compression, FileSystemAccessMode, FileSystemType, InputMode, Inputs, Manifest, RecordWrapping,
    S3DataDistribution, S3DataType,
};

use super::ResolveError;

use crate::facts::channels::{
    DEFAULT_CHANNEL as DEFAULT_CHANNEL_NAME, DEFAULT_FILE_SYSTEM_ACCESS_MODE,
    DEFAULT_MODEL_CHANNEL as DEFAULT_MODEL_CHANNEL_NAME, MODEL_CHANNEL_CONTENT_TYPE,
};

/// One channel of `InputDataConfig`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Channel {
    /// `ChannelName`.
    pub name: String,
    /// `DataSource`.
    pub source: ChannelSource,
    /// `ContentType`.
    pub content_type: Option<String>,
    /// `CompressionType`.
    pub compression: Option<Compression>,
    /// `RecordWrapperType`.
    pub record_wrapping: Option<RecordWrapping>,
    /// `InputMode`.
    pub input_mode: Option<InputMode>,
    /// `ShuffleConfig.Seed`.
    pub shuffle_seed: Option<i64>,
}

/// Where a channel's data comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChannelSource {
    /// `S3DataSource`.
    S3 {
        /// `S3Uri`.
        uri: String,
        /// `S3DataType`, default `S3Prefix`.
        data_type: S3DataType,
        /// `S3DataDistributionType`: `FullyReplicated` unless given, or left out when
        /// only `target_attribute_name` is given (as `TrainingInput` does).
        distribution: Option<S3DataDistribution>,
        /// `AttributeNames`.
        attribute_names: Option<Vec<String>>,
        /// `InstanceGroupNames`.
        instance_groups: Option<Vec<String>>,
    },
    /// `FileSystemDataSource`.
    FileSystem {
        /// `FileSystemId`.
        id: String,
        /// `FileSystemType`.
        file_system_type: FileSystemType,
        /// `DirectoryPath`.
        directory_path: String,
        /// `FileSystemAccessMode`, default `ro`.
        access_mode: FileSystemAccessMode,
    },
}

impl Channel {
    /// A channel with the SDK's defaults for a plain S3 URI.
    pub fn s3(name: &str, uri: &str) -> Self {
        Self {
            name: name.to_owned(),
            source: ChannelSource::S3 {
                uri: uri.to_owned(),
                data_type: S3DataType::S3Prefix,
                distribution: Some(S3DataDistribution::FullyReplicated),
                attribute_names: None,
                instance_groups: None,
            },
            content_type: None,
            compression: None,
            record_wrapping: None,
            input_mode: None,
            shuffle_seed: None,
        }
    }
}

/// The channels of a manifest, model channel included.
pub(super) fn resolve(manifest: &Manifest) -> Result<Vec<Channel>, ResolveError> {
    let mut channels = match &manifest.inputs {
        None => Vec::new(),
        Some(Inputs::Uri(uri)) => vec![Channel::s3(DEFAULT_CHANNEL_NAME, uri)],
        Some(Inputs::Single(input)) => vec![training_input(DEFAULT_CHANNEL_NAME, input)?],
        Some(Inputs::Channels(map)) => map
            .iter()
            .map(|(name, channel)| match channel {
                spec::Channel::Uri(uri) => Ok(Channel::s3(name, uri)),
                spec::Channel::S3(input) => training_input(name, input),
                spec::Channel::FileSystem(input) => file_system_input(name, input),
            })
            .collect::<Result<_, _>>()?,
    };
    if let Some(model_uri) = &manifest.model_uri {
        let name = manifest.model_channel_name.as_deref().unwrap_or(DEFAULT_MODEL_CHANNEL_NAME);
        push_unique(
            &mut channels,
            Channel {
                content_type: Some(MODEL_CHANNEL_CONTENT_TYPE.to_owned()),
                input_mode: Some(InputMode::File),
                ..Channel::s3(name, model_uri)
            },
        )?;
    }
    Ok(channels)
}

/// Appends a channel the SDK adds itself, refusing a name already taken
/// (`Duplicate channel {name} not allowed.`).
pub fn push_unique(channels: &mut Vec<Channel>, channel: Channel) -> Result<(), ResolveError> {
    if channels.iter().any(|c| c.name == channel.name) {
        return Err(ResolveError::DuplicateChannel(channel.name));
    }
    channels.push(channel);
    Ok(())
}

fn training_input(name: &str, input: &spec::TrainingInput) -> Result<Channel, ResolveError> {
    let uri = input.s3_data.as_deref().ok_or(ResolveError::Missing("s3_data"))?;
    let distribution = match (input.distribution, &input.target_attribute_name) {
        (Some(given), _) => Some(given),
        (None, Some(_)) => None,
        (None, None) => Some(S3DataDistribution::FullyReplicated),
    };
    Ok(Channel {
        source: ChannelSource::S3 {
            uri: uri.to_owned(),
            data_type: input.s3_data_type.unwrap_or(S3DataType::S3Prefix),
            distribution,
            attribute_names: input.attribute_names.clone(),
            instance_groups: input.instance_groups.clone(),
        },
        content_type: input.content_type.clone(),
        compression: input.compression,
        record_wrapping: input.record_wrapping,
        input_mode: input.input_mode,
        shuffle_seed: input.shuffle_config.as_ref().and_then(|s| s.seed),
        ..Channel::s3(name, uri)
    })
}

fn file_system_input(name: &str, input: &spec::FileSystemInput) -> Result<Channel, ResolveError> {
    Ok(Channel {
        name: name.to_owned(),
        source: ChannelSource::FileSystem {
            id: input.file_system_id.clone().ok_or(ResolveError::Missing("file_system_id"))?,
            file_system_type: input.file_system_type.ok_or(ResolveError::Missing("file_system_type"))?,
            directory_path: input.directory_path.clone().ok_or(ResolveError::Missing("directory_path"))?,
            access_mode: input.file_system_access_mode.unwrap_or(DEFAULT_FILE_SYSTEM_ACCESS_MODE),
        },
        content_type: input.content_type.clone(),
        compression: None,
        record_wrapping: None,
        input_mode: None,
        shuffle_seed: None,
    })
}
